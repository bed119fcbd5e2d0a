package io.agentmemory.bench.data;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import java.net.URI;

/**
 * The Redis logical database the service's cache uses during the benchmark: its own (12 unless the URL names
 * one), emptied before the service runs, so each run starts cold and touches no other cache.
 */
public final class BenchCache {

    public static final int BENCH_LOGICAL_DATABASE = 12;

    private final String url;

    public BenchCache(String redisUrl) {
        RedisURI uri = RedisURI.create(redisUrl);
        String path = URI.create(redisUrl).getPath();
        if (path == null || path.isEmpty() || "/".equals(path)) {
            uri.setDatabase(BENCH_LOGICAL_DATABASE);
        }
        this.url = uri.toURI().toString();
    }

    public String url() {
        return url;
    }

    public void flush() {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().flushdb();
        } finally {
            client.shutdown();
        }
    }
}
