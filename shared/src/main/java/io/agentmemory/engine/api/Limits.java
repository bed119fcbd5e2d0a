package io.agentmemory.engine.api;

import java.util.regex.Pattern;

/** Every documented input limit, in one place (the README's limits table is this class). */
public final class Limits {

    /** User ids: 1-128 characters of letters, digits and {@code _ - . @ : |}. */
    public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.@:|-]{1,128}");
    public static final int USER_ID_MAX = 128;
    /** The latest expiry an add may set: far enough for any real use, and always a timestamp PostgreSQL can store. */
    public static final java.time.Instant EXPIRES_AT_MAX = java.time.Instant.parse("9999-12-31T23:59:59Z");
    public static final int MESSAGES_MAX = 50;
    public static final int MESSAGE_CHARS_MAX = 8_000;
    /** A speaker's name: a person's name or a handle ("Leo", "Siobhán", "Mary Ann", "leo_m"), never text to store. */
    public static final int SPEAKER_NAME_CHARS_MAX = 64;
    public static final Pattern SPEAKER_NAME = Pattern.compile(
            "\\p{L}[\\p{L}\\p{M}\\p{N} .'_-]{0," + (SPEAKER_NAME_CHARS_MAX - 1) + "}");
    public static final int QUERY_CHARS_MAX = 2_000;
    public static final int LIMIT_MAX = 100;
    public static final int METADATA_BYTES_MAX = 16 * 1024;
    public static final int BATCH_MAX = 100;
    public static final int CATEGORIES_MAX = 20;
    public static final int CATEGORY_CHARS_MAX = 64;
    public static final int SESSION_ID_CHARS_MAX = 128;
    public static final int IDEMPOTENCY_KEY_CHARS_MAX = 128;
    public static final int MEMORY_CHARS_MAX = MESSAGE_CHARS_MAX;
    public static final int PAGE_SIZE_MAX = 100;
    public static final int PAGE_SIZE_DEFAULT = 20;
    /** An add's observedAt may run ahead of this clock by clock skew, not by a date typed wrong. */
    public static final java.time.Duration OBSERVED_AT_FUTURE_MAX = java.time.Duration.ofDays(1);

    private Limits() {
    }
}
