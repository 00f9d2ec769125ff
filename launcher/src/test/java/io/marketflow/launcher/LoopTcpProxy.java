package io.marketflow.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a loopback port in front of one of the system's parts (the database, the webhook receiver),
 * for outage drills. {@link #cut()} drops every connection and then refuses new ones, as a stopped server
 * does; {@link #stall()} keeps connections open but holds every byte, as a hung server does; {@link #restore()}
 * forwards again. A blocking thread pair per connection is plenty for a test's few connections.
 */
final class LoopTcpProxy implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final int port;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object flow = new Object();
    private ServerSocket listener;
    private boolean stalled;
    private boolean closed;

    private LoopTcpProxy(int port, int targetPort) {
        this.port = port;
        this.targetPort = targetPort;
    }

    /** Listens on a free loopback port and forwards to {@code targetPort} on loopback (which may not be up yet). */
    static LoopTcpProxy forwardingTo(int targetPort) {
        LoopTcpProxy proxy = new LoopTcpProxy(freePort(), targetPort);
        proxy.restore();
        return proxy;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, LOOPBACK)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    int port() {
        return port;
    }

    /** Forwards again: listens if cut, lets held bytes through if stalled. */
    synchronized void restore() {
        synchronized (flow) {
            stalled = false;
            flow.notifyAll();
        }
        if (listener != null || closed) {
            return;
        }
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(LOOPBACK, port));
            listener = server;
            daemon("proxy-accept-" + port, () -> accept(server));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port + " again", e);
        }
    }

    /** Drops every open connection and refuses new ones until {@link #restore()}. */
    synchronized void cut() {
        if (listener != null) {
            closeQuietly(listener);
            listener = null;
        }
        sockets.forEach(LoopTcpProxy::closeQuietly);
        sockets.clear();
    }

    /** Accepts and keeps connections, but moves no byte in either direction until {@link #restore()}. */
    void stall() {
        synchronized (flow) {
            stalled = true;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        cut();
        synchronized (flow) {
            flow.notifyAll();
        }
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // cut or closed
            }
            try {
                Socket upstream = new Socket(LOOPBACK, targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                daemon("proxy-up-" + port, () -> pump(client, upstream));
                daemon("proxy-down-" + port, () -> pump(upstream, client));
            } catch (IOException e) {
                closeQuietly(client); // target not up: the client sees its connection closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                awaitFlowing();
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // either side closed, or the proxy was cut
        } finally {
            // Neither HTTP nor the PostgreSQL protocol half-closes: one side gone means the connection is gone.
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void awaitFlowing() throws InterruptedException {
        synchronized (flow) {
            while (stalled && !closed) {
                flow.wait();
            }
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
