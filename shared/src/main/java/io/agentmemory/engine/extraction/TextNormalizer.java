package io.agentmemory.engine.extraction;

import io.agentmemory.engine.Sha256;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The identity of a fact for exact de-duplication: "Prefers window seats" and "prefers   window seats."
 * are the same memory. Case, Unicode form, whitespace runs and trailing punctuation do not make a fact new;
 * words, digits and inner punctuation do.
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    public static String normalize(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        String collapsed = folded.replaceAll("\\s+", " ").strip();
        return collapsed.replaceAll("[\\s.!;,:]+$", "");
    }

    /** Hex SHA-256 of the normalized text: fixed length, so it can carry a unique index whatever the fact's size. */
    public static String key(String text) {
        return Sha256.hex(normalize(text));
    }
}
