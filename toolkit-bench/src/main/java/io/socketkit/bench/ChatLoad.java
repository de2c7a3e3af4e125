package io.socketkit.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The chat server under a crowd: N clients connected at once (the server in its own JVM, started from
 * the examples jar), S of them each sending L lines; every client checks that it gets every other
 * sender's lines, each sender's in order. Prints the figures as Markdown.
 *
 * <p>Usage: {@code ChatLoad JAR [clients=1000] [senders=200] [lines=20] [max-pending=1048576] [server-Xmx]}.
 */
public final class ChatLoad {
    /** How long the run waits with no line arriving before it reports what it has. */
    private static final Duration STALL = Duration.ofSeconds(10);
    /** The longest the delivery phase may take. */
    private static final Duration LIMIT = Duration.ofSeconds(300);

    private ChatLoad() {
    }

    /** One client: counts lines per sender, checking their order. */
    static final class Client extends SimpleChannelInboundHandler<ByteBuf> {
        final Map<String, Integer> next = new HashMap<>();
        final CountDownLatch welcomed = new CountDownLatch(1);
        final CountDownLatch done;
        final long expected;
        long received;
        /** Whether {@link #done} was counted down for this client (event loop only). */
        private boolean counted;
        final AtomicLong disorder;
        /** Lines delivered to every client: the run's sign of progress. */
        final LongAdder deliveries;
        String nick;

        Client(long expected, CountDownLatch done, AtomicLong disorder, LongAdder deliveries) {
            this.expected = expected;
            this.done = done;
            this.disorder = disorder;
            this.deliveries = deliveries;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            String line = msg.toString(StandardCharsets.UTF_8);
            if (line.startsWith("* welcome ")) {
                nick = line.substring(10);
                welcomed.countDown();
                return;
            }
            if (line.startsWith("*")) {
                return;
            }
            int colon = line.indexOf(": ");
            String sender = line.substring(0, colon);
            int seq = Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
            int want = next.getOrDefault(sender, 0);
            if (seq != want) {
                disorder.incrementAndGet();
            }
            next.put(sender, seq + 1);
            deliveries.increment();
            if (++received == expected) {
                finished();
            }
        }

        /** A client the server dropped gets nothing more: the run does not wait for it (it is reported). */
        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            welcomed.countDown();
            finished();
            ctx.fireChannelInactive();
        }

        /** Counts this client out of the run once, whether all its lines came or its connection ended. */
        private void finished() {
            if (!counted) {
                counted = true;
                done.countDown();
            }
        }
    }

    /**
     * Waits until every client has all its lines or has been disconnected, or until no line has arrived
     * for {@link #STALL} (a sender the server dropped never sends the rest of its lines, and the clients
     * waiting for them would wait forever), or {@link #LIMIT} in all.
     *
     * @return whether every client finished
     */
    private static boolean awaitDelivery(CountDownLatch done, LongAdder deliveries) throws InterruptedException {
        long end = System.nanoTime() + LIMIT.toNanos();
        long seen = -1;
        long lastProgress = System.nanoTime();
        while (!done.await(1, TimeUnit.SECONDS)) {
            long now = System.nanoTime();
            long sum = deliveries.sum();
            if (sum != seen) {
                seen = sum;
                lastProgress = now;
            } else if (now - lastProgress > STALL.toNanos()) {
                System.out.printf("(no line arrived for %d s: stopped waiting)%n", STALL.toSeconds());
                return false;
            }
            if (now > end) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the load.
     *
     * @param args the jar, clients, senders, lines, the chat's {@code --max-pending} bytes, and the server
     *     JVM's largest heap ({@code -Xmx}, e.g. {@code 512m}; none by default)
     * @throws Exception if the server fails
     */
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int senders = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int lines = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        String maxPending = args.length > 4 ? args[4] : "1048576";
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (args.length > 5) {
            command.add("-Xmx" + args[5]);
        }
        command.addAll(List.of("-jar", jar.toString(), "chat", "--bind", "127.0.0.1:0",
                "--max-clients", String.valueOf(clients), "--max-pending", maxPending));
        Path serverLog = java.nio.file.Files.createTempFile("chat-server", ".log");
        System.out.println("server's log: " + serverLog);
        Process server = new ProcessBuilder(command).redirectError(serverLog.toFile()).start();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
        try {
            String ready = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
            int port = Integer.parseInt(ready.replaceAll("listening on 127\\.0\\.0\\.1:(\\d+) .*", "$1"));
            AtomicLong disorder = new AtomicLong();
            LongAdder deliveries = new LongAdder();
            List<Channel> channels = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(clients);
            long connectStart = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                boolean sender = i < senders;
                long expected = (long) (sender ? senders - 1 : senders) * lines;
                Client client = new Client(expected, done, disorder, deliveries);
                Channel channel = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                ch.pipeline().addLast(new LineBasedFrameDecoder(4096), client);
                            }
                        }).connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
                client.welcomed.await(30, TimeUnit.SECONDS);
                channels.add(channel);
            }
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            long rssConnected = EchoServers.rss(server.pid());
            long start = System.nanoTime();
            for (int n = 0; n < lines; n++) {
                for (int i = 0; i < senders; i++) {
                    channels.get(i).writeAndFlush(Unpooled.copiedBuffer("line " + n + "\n", StandardCharsets.UTF_8));
                }
            }
            boolean complete = awaitDelivery(done, deliveries);
            double seconds = (System.nanoTime() - start) / 1e9;
            long delivered = deliveries.sum();
            long expectedTotal = (long) senders * lines * (clients - 1);
            System.out.printf("| clients connected at once | %,d (in %.1f s) |%n", clients, connectSeconds);
            System.out.printf("| senders × lines | %d × %d |%n", senders, lines);
            System.out.printf("| line deliveries expected / seen | %,d / %,d |%n", expectedTotal, delivered);
            System.out.printf("| out of sender order | %d |%n", disorder.get());
            System.out.printf("| all delivered | %s, in %.2f s (%,.0f deliveries/s) |%n", complete && delivered == expectedTotal ? "yes" : "NO", seconds,
                    delivered / seconds);
            System.out.printf("| clients the server disconnected (more than --max-pending %s bytes waiting) | %d, of them senders %d |%n",
                    maxPending, channels.stream().filter(c -> !c.isActive()).count(),
                    channels.subList(0, senders).stream().filter(c -> !c.isActive()).count());
            System.out.printf("| server resident set, all connected / after delivery | %.1f MB / %.1f MB |%n",
                    rssConnected / 1e6, EchoServers.rss(server.pid()) / 1e6);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
