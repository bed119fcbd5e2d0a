package io.agentmemory.engine.store;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL address in the libpq URL form ({@code postgresql://user:pass@host:port/db?sslmode=require}),
 * the one form operators already use for {@code psql} and {@code DATABASE_URL}. Explicit user/password
 * settings (e.g. from Secrets Manager) override what the URL carries.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password,
                          Map<String, String> parameters) {

    public static DatabaseUrl parse(String url, String userOverride, String passwordOverride) {
        String normalized = url.trim();
        if (normalized.startsWith("jdbc:")) {
            normalized = normalized.substring("jdbc:".length());
        }
        URI uri = URI.create(normalized);
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("DATABASE_URL must start with postgresql://");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        String path = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        return new DatabaseUrl(
                uri.getHost() == null ? "127.0.0.1" : uri.getHost(),
                uri.getPort() < 0 ? 5432 : uri.getPort(),
                path,
                userOverride != null ? userOverride : (user != null ? user : "postgres"),
                passwordOverride != null ? passwordOverride : password,
                Map.copyOf(params));
    }

    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port)
                .append('/').append(database);
        if (parameters.containsKey("sslmode")) {
            url.append("?sslmode=").append(parameters.get("sslmode"));
        }
        return url.toString();
    }

    public DatabaseUrl withDatabase(String name) {
        return new DatabaseUrl(host, port, name, user, password, parameters);
    }

    /** The URL form again, without the password, for logs. */
    public String redacted() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    /** The full URL form, password included (to hand to a child process or another config). */
    public String toUrl() {
        String auth = user + (password == null ? "" : ":" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8));
        return "postgresql://" + auth + "@" + host + ":" + port + "/" + database;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
