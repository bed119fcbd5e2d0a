package io.agentmemory.functions.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;

/**
 * A local AWS emulator ({@code moto_server}) on a port this test owns, so the real AWS SDK talks real HTTP to
 * something that behaves like Secrets Manager.
 */
public final class MotoServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the emulator, and points the AWS SDK's default region and credential chains at a test region and
     * credentials (the emulator accepts any), so clients built the way the functions build them work against it.
     */
    public static MotoServer start() throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("moto_server"), "moto_server is not installed on this machine");
        System.setProperty("aws.region", "eu-west-1");
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try (Socket ignored = new Socket()) {
                ignored.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new MotoServer(process, port);
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("moto_server did not start on port " + port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, command).canExecute()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
