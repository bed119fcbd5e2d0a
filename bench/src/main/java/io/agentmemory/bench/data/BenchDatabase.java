package io.agentmemory.bench.data;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agentmemory.engine.store.DatabaseUrl;
import io.agentmemory.engine.store.SchemaMigrator;
import org.flywaydb.core.api.exception.FlywayValidateException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The benchmark's database: created on the server when missing and migrated with the service's own
 * migrations, so every system reads and writes the same schema and data.
 */
public final class BenchDatabase {

    private final DatabaseUrl url;

    private BenchDatabase(DatabaseUrl url) {
        this.url = url;
    }

    /**
     * @param disposable the database is the benchmark's own: when the service's migrations changed in a way
     *                   Flyway refuses to apply over it, it is dropped and made anew (the data set is re-seeded)
     */
    public static BenchDatabase prepare(String databaseUrl, int embeddingDimension, boolean disposable, Consumer<String> log) {
        DatabaseUrl url = DatabaseUrl.parse(databaseUrl, null, null);
        createIfMissing(url);
        try {
            SchemaMigrator.migrate(url, embeddingDimension);
        } catch (FlywayValidateException e) {
            if (!disposable) {
                throw e;
            }
            log.accept("the service's migrations changed since " + url.database() + " was made: recreating it");
            drop(url);
            createIfMissing(url);
            SchemaMigrator.migrate(url, embeddingDimension);
        }
        return new BenchDatabase(url);
    }

    public DatabaseUrl url() {
        return url;
    }

    /** A plain JDBC connection tagged with a name that shows in pg_stat_activity. */
    public Connection connect(String applicationName) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", url.user());
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }

    /** A HikariCP pool of at most {@code maxSize} connections, named as {@link #connect} names them. */
    public HikariDataSource pool(String applicationName, int maxSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(maxSize);
        config.setMinimumIdle(0);
        config.setPoolName(applicationName);
        config.addDataSourceProperty("ApplicationName", applicationName);
        return new HikariDataSource(config);
    }

    private static void drop(DatabaseUrl url) {
        DatabaseUrl admin = url.withDatabase("postgres");
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + identifier(url.database()) + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop database " + url.redacted() + ": " + e.getMessage(), e);
        }
    }

    private static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a plain identifier: " + name);
        }
        return name;
    }

    private static void createIfMissing(DatabaseUrl url) {
        DatabaseUrl admin = url.withDatabase("postgres");
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, url.database());
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + identifier(url.database()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + url.redacted() + ": " + e.getMessage(), e);
        }
    }
}
