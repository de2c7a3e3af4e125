package io.socketkit.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.socketkit.netty.NettyProvider;
import io.socketkit.netty.Transport;
import io.socketkit.server.Concurrency;
import io.socketkit.server.Connection;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.SocketServer;
import io.socketkit.server.StreamEventHandler;
import io.socketkit.server.StreamRequestHandler;
import java.io.IOException;
import io.socketkit.SocketType;
import io.socketkit.server.ServerKind;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;

/**
 * The echo servers the server benchmark compares, each started in its own JVM by {@link ServerBench}:
 * {@code EchoServers NAME} prints its port on stdout's first line and serves until killed.
 * Names: {@code netty} (the hand-written textbook Netty echo), {@code event}, {@code serial},
 * {@code threads}, {@code virtual}, {@code pool} (socketkit's styles), {@code worker} (the event style
 * replying from another thread).
 */
public final class EchoServers {
    private EchoServers() {
    }

    /** socketkit's event style, written as a user would. */
    static final class EventEcho implements StreamEventHandler {
        @Override
        public void onData(Connection connection, ByteBuffer data) {
            connection.write(data);
        }
    }

    /**
     * socketkit's event style with the reply made on another thread, as a handler that hands work to
     * a pool does: the bytes are copied and one worker thread writes them back (and flushes).
     */
    static final class WorkerEcho implements StreamEventHandler {
        private final java.util.concurrent.Executor worker;

        WorkerEcho(java.util.concurrent.Executor worker) {
            this.worker = worker;
        }

        @Override
        public void onData(Connection connection, ByteBuffer data) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            worker.execute(() -> {
                connection.write(copy);
                connection.flush();
            });
        }

        @Override
        public void onReadComplete(Connection connection) {
            // The worker flushes.
        }
    }

    /** socketkit's request style: a blocking loop per connection, as in Python. */
    static final class RequestEcho extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            byte[] buffer = new byte[16384];
            for (int n = rfile.read(buffer); n > 0; n = rfile.read(buffer)) {
                wfile.write(buffer, 0, n);
            }
        }
    }

    /**
     * Starts one server: {@code EchoServers SERVER TRANSPORT KIND [PATH]}, SERVER one of netty, event,
     * worker, threads, virtual, serial, pool; KIND tcp, unix, udp or unix-dgram; PATH for Unix kinds. Prints the
     * address (a port, or the path) on stdout's first line.
     *
     * @param args the server, transport, kind and path
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        startStatsThread();
        String name = args[0];
        String transport = args.length > 1 ? args[1] : "epoll";
        String kindName = args.length > 2 ? args[2] : "tcp";
        boolean unix = kindName.startsWith("unix");
        SocketAddress bind = unix ? UnixDomainSocketAddress.of(args[3]) : new InetSocketAddress("127.0.0.1", 0);
        if (name.equals("netty")) {
            SocketAddress bound = HandWrittenNetty.start(transport, kindName, bind);
            ready(bound);
            Thread.currentThread().join();
            return;
        }
        NettyProvider provider = NettyProvider.of(Transport.fromName(transport));
        ServerKind kind = ServerKind.of(bind, kindName.endsWith("dgram") || kindName.equals("udp") ? SocketType.DGRAM : SocketType.STREAM);
        ServerConfig config;
        if (name.equals("event")) {
            config = kind.isStream() ? ServerConfig.events(kind, bind, EventEcho::new)
                    : ServerConfig.datagramEvents(kind, bind, (replies, data, sender) -> replies.sendTo(data, sender))
                            .withMaxPacketSize(65535);
        } else if (name.equals("worker")) {
            java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "echo-worker");
                thread.setDaemon(true);
                return thread;
            });
            config = kind.isStream() ? ServerConfig.events(kind, bind, () -> new WorkerEcho(worker))
                    : ServerConfig.datagramEvents(kind, bind, (replies, data, sender) -> {
                        byte[] copy = new byte[data.remaining()];
                        data.get(copy);
                        worker.execute(() -> replies.sendTo(copy, sender));
                    }).withMaxPacketSize(65535);
        } else {
            config = ServerConfig.of(kind, bind, kind.isStream() ? RequestEcho::new : DatagramRequestEcho::new)
                    .withMaxPacketSize(65535).withDaemonThreads(true).withBlockOnClose(false);
            switch (name) {
                case "serial":
                    break;
                case "threads":
                    config = config.withConcurrency(Concurrency.THREADS);
                    break;
                case "virtual":
                    config = config.withConcurrency(Concurrency.VIRTUAL_THREADS);
                    break;
                case "pool":
                    config = config.withConcurrency(Concurrency.boundedPool(64, 64));
                    break;
                default:
                    throw new IllegalArgumentException("unknown server " + name);
            }
        }
        try (SocketServer server = new SocketServer(config.withProvider(provider).withDisableNagle(true)
                .withRequestQueueSize(1024))) {
            ready(server.address());
            server.serveForever();
        }
    }

    /** socketkit's request style for datagrams: the reply is the datagram. */
    static final class DatagramRequestEcho extends io.socketkit.server.DatagramRequestHandler {
        @Override
        protected void handle() throws IOException {
            wfile.write(packet);
        }
    }

    /**
     * For the memory and reliability benchmarks: a line "stats" on stdin answers
     * {@code heap=BYTES rss=BYTES threads=N} on stdout, the heap measured after collection, the resident
     * set from /proc, the live threads.
     */
    /** A process's resident set in bytes, from /proc. */
    static long rss(long pid) throws IOException {
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", ""))
                .mapToLong(Long::parseLong).findFirst().orElse(0) * 1024;
    }

    private static void startStatsThread() {
        Thread stats = new Thread(() -> {
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.US_ASCII));
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.trim().equals("stats")) {
                        System.gc();
                        System.gc();
                        Runtime runtime = Runtime.getRuntime();
                        long heap = runtime.totalMemory() - runtime.freeMemory();
                        long rss = rss(ProcessHandle.current().pid());
                        int threads = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
                        System.out.println("heap=" + heap + " rss=" + rss + " threads=" + threads);
                        System.out.flush();
                    }
                }
            } catch (IOException e) {
                // stdin closed: the runner is gone.
            }
        }, "stats");
        stats.setDaemon(true);
        stats.start();
    }

    private static void ready(SocketAddress address) {
        System.out.println(address instanceof InetSocketAddress ? String.valueOf(((InetSocketAddress) address).getPort())
                : address.toString());
        System.out.flush();
    }
}
