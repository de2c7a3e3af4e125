package io.socketkit.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * The JDK baseline: blocking channels, a thread per connection (platform, or virtual with
 * {@code virtual} on 21+), TCP_NODELAY; for datagrams one thread receiving and answering. Runs in its
 * own JVM: {@code JdkEchoServer [tcp|unix|udp] [virtual] [PATH]} prints its address (a port or the path)
 * on stdout's first line and serves until killed. With no arguments: TCP on platform threads.
 */
public final class JdkEchoServer {
    private JdkEchoServer() {
    }

    /**
     * Serves until killed.
     *
     * @param args kind, "virtual" or "platform", Unix path
     * @throws Exception if the server socket fails
     */
    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "tcp";
        boolean virtual = args.length > 1 && args[1].equals("virtual");
        ThreadFactory threads = virtual ? virtualThreads() : task -> {
            Thread thread = new Thread(task, "echo");
            thread.setDaemon(true);
            return thread;
        };
        if (kind.equals("udp")) {
            DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            System.out.println(((InetSocketAddress) channel.getLocalAddress()).getPort());
            System.out.flush();
            ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
            while (true) {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                buffer.flip();
                channel.send(buffer, from);
            }
        }
        ServerSocketChannel server;
        if (kind.equals("unix")) {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(args[2]), 1024);
            System.out.println(args[2]);
        } else {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
            System.out.println(((InetSocketAddress) server.getLocalAddress()).getPort());
        }
        System.out.flush();
        boolean tcp = !kind.equals("unix");
        while (true) {
            SocketChannel conn = server.accept();
            if (tcp) {
                conn.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            threads.newThread(() -> echo(conn)).start();
        }
    }

    /** Thread.ofVirtual().factory(), found at run time (this module compiles for 17). */
    private static ThreadFactory virtualThreads() throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
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
