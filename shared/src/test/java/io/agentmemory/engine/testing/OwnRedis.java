package io.agentmemory.engine.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server that one test owns, on a free loopback port, so the test can freeze, kill and restart it
 * without touching the shared cache. Frozen (SIGSTOP) is the nastiest outage: the socket stays open and
 * every call waits for its timeout, and the data survives to be served again after SIGCONT.
 */
public final class OwnRedis implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    public OwnRedis() throws IOException {
        this.port = freePort();
        this.dir = Files.createTempDirectory("own-redis");
        start();
    }

    public static boolean available() {
        try {
            return new ProcessBuilder("redis-server", "--version").start().waitFor(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Writes the data set to disk now; the next {@link #start()} after a {@link #kill()} comes back with it. */
    public void snapshot() throws Exception {
        redisCli("SAVE");
    }

    /** Runs one command through redis-cli, as an operator would (e.g. {@code CLIENT PAUSE 1500 ALL}). */
    public void redisCli(String... command) throws Exception {
        String[] line = new String[command.length + 3];
        line[0] = "redis-cli";
        line[1] = "-p";
        line[2] = Integer.toString(port);
        System.arraycopy(command, 0, line, 3, command.length);
        Process cli = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes()).strip();
        if (!cli.waitFor(10, TimeUnit.SECONDS) || !"OK".equals(output)) {
            throw new IOException("redis-cli " + String.join(" ", command) + " answered: " + output);
        }
    }

    public void start() throws IOException {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                sleep(50);
            }
        }
        throw new IOException("redis-server did not start on port " + port);
    }

    public void freeze() throws Exception {
        signal("STOP");
    }

    public void thaw() throws Exception {
        signal("CONT");
    }

    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    private void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        thaw();
        kill();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
