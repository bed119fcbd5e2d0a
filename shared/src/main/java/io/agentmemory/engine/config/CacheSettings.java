package io.agentmemory.engine.config;

import java.time.Duration;

/** The Redis-protocol cache: where it is, whether it is used, how long a command and a cached result may last. */
public record CacheSettings(String url, boolean enabled, Duration commandTimeout, Duration searchResultTtl,
                            Duration breakerOpenDuration) {

    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";
    public static final boolean DEFAULT_ENABLED = true;
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);
    public static final Duration DEFAULT_SEARCH_RESULT_TTL = Duration.ofSeconds(300);
    public static final Duration DEFAULT_BREAKER_OPEN_DURATION = Duration.ofMillis(5_000);

    public static CacheSettings defaults() {
        return new CacheSettings(DEFAULT_URL, DEFAULT_ENABLED, DEFAULT_COMMAND_TIMEOUT, DEFAULT_SEARCH_RESULT_TTL,
                DEFAULT_BREAKER_OPEN_DURATION);
    }

    @Override
    public String toString() {
        return "CacheSettings[url=" + Redaction.url(url) + ", enabled=" + enabled + ", commandTimeout=" + commandTimeout
                + ", searchResultTtl=" + searchResultTtl + ", breakerOpenDuration=" + breakerOpenDuration + "]";
    }
}
