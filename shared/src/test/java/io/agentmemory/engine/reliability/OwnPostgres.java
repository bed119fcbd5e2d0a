package io.agentmemory.engine.reliability;

import io.agentmemory.engine.store.DatabaseUrl;
import io.agentmemory.engine.store.SchemaMigrator;
import io.agentmemory.engine.testing.TestServices;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster that one test owns: initialised in a temporary directory, listening on a free loopback
 * port, with the settings the test asks for (e.g. {@code max_connections}), so the test can stop, freeze and restart
 * it without touching the shared server. pgvector is taken from the server's extension directory and the schema is
 * migrated with the project's own migrations. When the tests run as root, the cluster runs as the {@code postgres}
 * OS user (PostgreSQL refuses to run as root). With {@link #startWithPasswords}, TCP connections must present a
 * password (SCRAM-SHA-256), as on RDS, so a test can change a role's password and see the server refuse the old one.
 */
public final class OwnPostgres implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;
    private final String superuserPassword;
    private final Thread cleanup;
    private boolean running;

    private OwnPostgres(Path bin, int maxConnections, String superuserPassword) throws IOException, InterruptedException {
        this.bin = bin;
        this.port = freePort();
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
        this.superuserPassword = superuserPassword;
        this.dir = Files.createTempDirectory("own-postgres-");
        if (asPostgresUser) {
            run(List.of("chown", "postgres:postgres", dir.toString()), false);
        }
        List<String> initdb = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"));
        if (superuserPassword == null) {
            initdb.add("--auth=trust");
        } else {
            Path passwordFile = dir.resolve("superuser-password");
            Files.writeString(passwordFile, superuserPassword + "\n");
            initdb.addAll(List.of("--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + passwordFile));
        }
        run(initdb, true);
        Files.writeString(dir.resolve("data").resolve("postgresql.conf"), """

                # written by OwnPostgres for one test
                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                max_connections = %d
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                shared_buffers = 32MB
                """.formatted(port, dir, maxConnections), java.nio.file.StandardOpenOption.APPEND);
        cleanup = new Thread(this::destroy, "own-postgres-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        start();
        SchemaMigrator.migrate(url(), TestServices.EMBEDDING_DIMENSION);
    }

    /** Starts a fresh cluster with the given {@code max_connections}; the caller skips the test when this is not possible. */
    public static OwnPostgres start(int maxConnections) throws IOException, InterruptedException {
        Path bin = binDirectory();
        if (bin == null) {
            throw new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl) found");
        }
        return new OwnPostgres(bin, maxConnections, null);
    }

    /**
     * As {@link #start}, but connections over TCP authenticate with a password (SCRAM-SHA-256), including the
     * superuser's in {@link #url()}; the service role gets its password from {@link #setPassword}.
     */
    public static OwnPostgres startWithPasswords(int maxConnections) throws IOException, InterruptedException {
        Path bin = binDirectory();
        if (bin == null) {
            throw new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl) found");
        }
        return new OwnPostgres(bin, maxConnections, "owner-" + java.util.UUID.randomUUID());
    }

    /** True when initdb and pg_ctl are installed (Debian: /usr/lib/postgresql/N/bin). */
    public static boolean available() {
        return binDirectory() != null;
    }

    private static Path binDirectory() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getenv("PG_BIN");
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("/usr/lib/postgresql/15/bin"));
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.sorted(Comparator.reverseOrder()).forEach(v -> candidates.add(v.resolve("bin")));
        } catch (IOException ignored) {
            // not a Debian layout
        }
        return candidates.stream()
                .filter(p -> Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl")))
                .findFirst().orElse(null);
    }

    public int port() {
        return port;
    }

    public DatabaseUrl url() {
        return DatabaseUrl.parse("postgresql://postgres@127.0.0.1:" + port + "/postgres", null, superuserPassword);
    }

    /** Sets a role's password (as a rotation does); sessions already open stay open, as on a real server. */
    public void setPassword(String role, String password) throws SQLException {
        try (Connection c = jdbc(); var statement = c.createStatement()) {
            // ALTER ROLE takes no bind parameters; the test's own passwords, quoted as PostgreSQL quotes literals.
            statement.execute("ALTER ROLE " + role + " PASSWORD '" + password.replace("'", "''") + "'");
        }
    }

    /** The server's log so far (connection refusals are logged there as FATAL lines). */
    public String serverLog() throws IOException {
        return Files.readString(dir.resolve("server.log"));
    }

    /** Ends every session of a role, as a restart or a failover would: the next use needs a new connection. */
    public int terminateSessionsOf(String role) throws SQLException {
        try (Connection c = jdbc(); var statement = c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = ?")) {
            statement.setString(1, role);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    public Connection jdbc() throws SQLException {
        DatabaseUrl url = url();
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    public synchronized void start() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "start"), true);
        running = true;
    }

    /** A clean but fast shutdown: open connections are terminated, as in a failover. */
    public synchronized void stop() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
                "-t", "60", "stop"), true);
        running = false;
    }

    /** SIGSTOP to the server and all its backends: sockets stay open, nothing answers (a hung host). */
    public void freeze() throws IOException, InterruptedException {
        signalAll("STOP");
    }

    public void thaw() throws IOException, InterruptedException {
        signalAll("CONT");
    }

    private void signalAll(String signal) throws IOException, InterruptedException {
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).strip());
        List<String> pids = new ArrayList<>();
        pids.add(Long.toString(postmaster));
        ProcessHandle.of(postmaster).ifPresent(p -> p.children().forEach(c -> pids.add(Long.toString(c.pid()))));
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        command.addAll(pids);
        run(command, false);
    }

    private void run(List<String> command, boolean asServerUser) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asServerUser && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed: " + new String(output));
        }
    }

    private synchronized void destroy() {
        try {
            if (running) {
                try {
                    thaw();
                } catch (Exception ignored) {
                    // not frozen
                }
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                        "-w", "stop"), true);
                running = false;
            }
        } catch (Exception e) {
            System.err.println("could not stop the test's own PostgreSQL in " + dir + ": " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
