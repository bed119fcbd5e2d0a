package io.agentmemory.engine.testing.evaluation;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
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
    /** English stop words removed, possessives dropped, Porter stemming (Lucene's English analyzer). */
    ENGLISH {
        private final Analyzer analyzer = new EnglishAnalyzer();

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
}
