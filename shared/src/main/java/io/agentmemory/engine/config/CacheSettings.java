package io.agentmemory.engine.config;

import java.time.Duration;

/**
 * The Redis-protocol cache: where it is, whether it is used, how long a command and a cached result may last, and
 * how much of an environment's own memory keeps the results it computed or fetched (0 keeps none).
 */
public record CacheSettings(String url, boolean enabled, Duration commandTimeout, Duration searchResultTtl,
                            Duration breakerOpenDuration, int localResultsMegabytes) {

    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";
    public static final boolean DEFAULT_ENABLED = true;
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);
    public static final Duration DEFAULT_SEARCH_RESULT_TTL = Duration.ofSeconds(300);
    public static final Duration DEFAULT_BREAKER_OPEN_DURATION = Duration.ofMillis(5_000);
    public static final int DEFAULT_LOCAL_RESULTS_MEGABYTES = 16;
    public static final int MAX_LOCAL_RESULTS_MEGABYTES = 1_024;

    public CacheSettings {
        if (localResultsMegabytes < 0 || localResultsMegabytes > MAX_LOCAL_RESULTS_MEGABYTES) {
            throw new IllegalArgumentException("SEARCH_CACHE_LOCAL_MB must be 0-" + MAX_LOCAL_RESULTS_MEGABYTES + ", got "
                    + localResultsMegabytes);
        }
    }

    public static CacheSettings defaults() {
        return new CacheSettings(DEFAULT_URL, DEFAULT_ENABLED, DEFAULT_COMMAND_TIMEOUT, DEFAULT_SEARCH_RESULT_TTL,
                DEFAULT_BREAKER_OPEN_DURATION, DEFAULT_LOCAL_RESULTS_MEGABYTES);
    }

    @Override
    public String toString() {
        return "CacheSettings[url=" + Redaction.url(url) + ", enabled=" + enabled + ", commandTimeout=" + commandTimeout
                + ", searchResultTtl=" + searchResultTtl + ", breakerOpenDuration=" + breakerOpenDuration
                + ", localResultsMegabytes=" + localResultsMegabytes + "]";
    }
}
