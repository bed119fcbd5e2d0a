package io.agentmemory.engine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of one server that a test controls, so that one client can be cut off from a
 * server while another still reaches it: {@link #pause()} holds every byte in both directions (the connection stays
 * open, as in a network stall or a frozen peer), {@link #cut()} closes every connection and refuses new ones, and
 * {@link #heal()} lets traffic through again. Each client gets its own proxy.
 */
public final class FaultyTcpProxy implements AutoCloseable {

    private enum State { PASSING, PAUSED, CUT }

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile State state = State.PASSING;
    private volatile boolean closed;

    public FaultyTcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String redisUrl() {
        return "redis://127.0.0.1:" + listener.getLocalPort();
    }

    public void pause() {
        state = State.PAUSED;
    }

    public void cut() {
        state = State.CUT;
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    public void heal() {
        synchronized (gate) {
            state = State.PASSING;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (state == State.CUT) {
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(server);
                pipe(client, server);
                pipe(server, client);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitPassing();
                    if (state == State.CUT) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // The other side closed, or the test cut the connection: both ends go.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private void awaitPassing() throws InterruptedException {
        synchronized (gate) {
            while (state == State.PAUSED) {
                gate.wait();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        heal();
        listener.close();
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }
}
