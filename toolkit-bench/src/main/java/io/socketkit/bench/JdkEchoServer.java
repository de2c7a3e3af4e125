package io.socketkit.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The neutral peer of the ping-pong benchmark: the JDK's blocking channels, a platform thread per
 * connection, TCP_NODELAY. Runs in its own JVM; prints its port on the first line of stdout.
 */
public final class JdkEchoServer {
    private JdkEchoServer() {
    }

    /**
     * Serves until killed.
     *
     * @param args none
     * @throws IOException if the server socket fails
     */
    public static void main(String[] args) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 128);
        System.out.println(((InetSocketAddress) server.getLocalAddress()).getPort());
        System.out.flush();
        while (true) {
            SocketChannel conn = server.accept();
            conn.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Thread thread = new Thread(() -> echo(conn), "echo");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void echo(SocketChannel conn) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        try (conn) {
            while (conn.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    conn.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // The client went away: this connection is done.
        }
    }
}
