package io.agentmemory.engine.testing.evaluation;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.util.ClasspathResourceLoader;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How the BM25 reference splits a text into terms. */
public enum Tokenizer {
    /** Lower-cased runs of letters and digits, nothing removed. */
    PLAIN {
        @Override
        public List<String> terms(String text) {
            return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(t -> !t.isEmpty()).toList();
        }
    },
    /**
     * Snowball's English stop words and stemmer, as PostgreSQL's {@code english} text search configuration uses
     * them (Lucene's own English analyzer keeps "what", "did", "her" and the like: 33 stop words against 179).
     */
    ENGLISH {
        private final Analyzer analyzer = snowballEnglish();

        @Override
        public List<String> terms(String text) {
            List<String> terms = new ArrayList<>();
            try (TokenStream stream = analyzer.tokenStream("text", text)) {
                CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
                stream.reset();
                while (stream.incrementToken()) {
                    terms.add(term.toString());
                }
                stream.end();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return terms;
        }
    };

    public abstract List<String> terms(String text);

    private static Analyzer snowballEnglish() {
        try {
            return CustomAnalyzer.builder(new ClasspathResourceLoader(SnowballFilter.class))
                    .withTokenizer("standard")
                    .addTokenFilter("lowercase")
                    .addTokenFilter("stop", "words", "english_stop.txt", "format", "snowball")
                    .addTokenFilter("snowballPorter", "language", "English")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
