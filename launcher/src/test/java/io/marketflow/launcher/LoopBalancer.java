package io.marketflow.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP load balancer on a loopback port, as a Kubernetes Service is in front of store replicas: each new
 * connection goes to the next target in turn (connections, not requests, are balanced, so the split depends on
 * how many connections the client keeps). A blocking thread pair per connection is plenty for a test.
 */
final class LoopBalancer implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final ServerSocket listener;
    private final List<Integer> targetPorts;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    LoopBalancer(List<Integer> targetPorts) {
        this.targetPorts = List.copyOf(targetPorts);
        try {
            listener = new ServerSocket(0, 50, LOOPBACK);
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
        Thread acceptor = new Thread(this::accept, "balancer-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                int target = targetPorts.get(Math.floorMod(next.getAndIncrement(), targetPorts.size()));
                Socket server = new Socket();
                server.connect(new InetSocketAddress(LOOPBACK, target));
                sockets.add(client);
                sockets.add(server);
                relay(client, server);
                relay(server, client);
            } catch (IOException e) {
                // The listener closed, or a target refused: the client sees its connection drop.
            }
        }
    }

    private void relay(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // Either side closed.
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "balancer-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(this::closeQuietly);
    }
}
