package io.agentmemory.engine.extraction;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells English from the other languages users write in, by their function words. The local extractor only
 * knows English grammar: a statement in another language is kept in the user's own words rather than bent
 * into a garbled English rewrite.
 */
final class Languages {

    private static final Pattern WORD = Pattern.compile("[\\p{L}']+");
    private static final Set<String> ENGLISH = Set.of(
            "i", "i'm", "i've", "i'd", "i'll", "my", "me", "we", "our", "you", "your", "the", "and", "is", "are", "am",
            "was", "have", "has", "to", "of", "in", "on", "at", "with", "for", "it", "that", "this", "not", "be",
            "do", "don't", "can", "can't", "he", "she", "they", "but", "so", "just", "yes", "no", "please", "what");
    /** Frequent words of French, German, Spanish, Italian, Portuguese, Dutch and Polish that English never uses. */
    private static final Set<String> OTHER = Set.of(
            "je", "suis", "et", "j'habite", "à", "depuis", "les", "est", "avec", "pour", "mon", "ma", "mes", "nous",
            "ich", "wohne", "seit", "und", "ist", "mein", "meine", "der", "die", "das", "nicht", "einem", "einer", "bin",
            "tengo", "y", "el", "los", "las", "hay", "soy", "estoy", "mi", "mis", "con", "una", "por", "muy", "¿hay",
            "sono", "alle", "mio", "mia", "non", "della", "ho", "anche", "il", "gli", "che",
            "eu", "em", "moro", "como", "não", "com", "meu", "minha", "trabalho", "uma",
            "ik", "ben", "het", "een", "niet", "mijn", "wij", "jestem", "od", "nie", "jest", "się", "mam");

    private Languages() {
    }

    /** True when the text reads as another language: more of its words are another language's than English's. */
    static boolean isNotEnglish(String text) {
        int english = 0;
        int other = 0;
        var words = WORD.matcher(text.toLowerCase(Locale.ROOT).replace('\u2019', '\''));
        while (words.find()) {
            String word = words.group();
            if (ENGLISH.contains(word)) {
                english++;
            } else if (OTHER.contains(word)) {
                other++;
            }
        }
        return other >= 1 && other > english;
    }
}
