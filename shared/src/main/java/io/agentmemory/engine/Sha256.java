package io.agentmemory.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** SHA-256 of text, in the forms the engine keys things by: cache keys, fact keys and request digests. */
public final class Sha256 {

    private Sha256() {
    }

    public static byte[] of(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The whole digest as 64 hex characters. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(of(text));
    }

    /** 128 bits of the digest, URL-safe base64 (22 characters). */
    public static String short128(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(of(text), 16));
    }
}
