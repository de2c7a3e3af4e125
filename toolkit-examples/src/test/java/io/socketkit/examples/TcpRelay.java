package io.socketkit.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay to one target, for cutting one client off from a server: {@link #cut()} closes
 * every relayed connection and stops listening (new connections are refused), {@link #restore()} listens
 * again on the same port. Its threads are daemons; each ends with its sockets.
 */
final class TcpRelay implements AutoCloseable {
    private final InetSocketAddress target;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    TcpRelay(InetSocketAddress target) throws IOException {
        this.target = target;
        ServerSocket first = new ServerSocket();
        first.setReuseAddress(true);
        first.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.port = first.getLocalPort();
        listen(first);
    }

    int port() {
        return port;
    }

    private void listen(ServerSocket server) {
        listener = server;
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket client = server.accept();
                    Socket upstream = new Socket();
                    sockets.add(client);
                    sockets.add(upstream);
                    upstream.connect(target, 5000);
                    pump(client, upstream);
                    pump(upstream, client);
                }
            } catch (IOException e) {
                // Closed by cut() or close(): no more connections.
            }
        }, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (Socket a = from; Socket b = to; InputStream in = a.getInputStream(); OutputStream out = b.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // How a relayed connection ends when either side, or cut(), closes it; both sockets are closed.
                return;
            }
        }, "relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes every relayed connection and refuses new ones. */
    void cut() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /** Listens again, on the same port. */
    void restore() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listen(server);
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
