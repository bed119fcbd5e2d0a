package io.agentmemory.engine.extraction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
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
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalize(text).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
