package io.socketkit.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The echo load generator: N closed-loop clients on Netty epoll (send {@code size} bytes, wait for all
 * of them back, again), a warm-up, then a measured window. Latencies go to an HdrHistogram; nothing is
 * allocated per message but Netty's read buffers: every client sends the same read-only payload.
 *
 * <p>Kinds: TCP and Unix stream (one connection each), UDP and Unix datagram (one connected datagram
 * socket each; a lost datagram is counted as an error after 1 s and sent again).
 */
public final class LoadGenerator {
    /** What the load connects to. */
    public enum Kind {
        /** TCP. */
        TCP,
        /** Unix stream. */
        UNIX,
        /** UDP. */
        UDP,
        /** Unix datagram. */
        UNIX_DGRAM
    }

    /**
     * A measurement.
     *
     * @param roundTripsPerSecond completed round trips per second
     * @param megabytesPerSecond payload megabytes (10^6) per second, one way
     * @param p50Micros median latency
     * @param p99Micros 99th percentile
     * @param p999Micros 99.9th percentile
     * @param errors failed or lost round trips, and bytes that came back wrong
     * @param roundTrips round trips in the window
     */
    public record Result(double roundTripsPerSecond, double megabytesPerSecond, double p50Micros, double p99Micros,
            double p999Micros, long errors, long roundTrips) {
        @Override
        public String toString() {
            return String.format("%,.0f round trips/s, %.1f MB/s, p50 %.0f µs, p99 %.0f µs, p99.9 %.0f µs, %d errors",
                    roundTripsPerSecond, megabytesPerSecond, p50Micros, p99Micros, p999Micros, errors);
        }
    }

    private LoadGenerator() {
    }

    /**
     * Runs one load from the command line, for profiling a server started by hand.
     *
     * <p>Usage: {@code LoadGenerator KIND PORT|PATH CLIENTS SIZE SECONDS}, KIND one of tcp, unix, udp,
     * unix_dgram; a port is on 127.0.0.1.
     *
     * @param args see above
     * @throws Exception if the clients cannot connect
     */
    public static void main(String[] args) throws Exception {
        Kind kind = Kind.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
        SocketAddress server = kind == Kind.TCP || kind == Kind.UDP
                ? new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]))
                : java.net.UnixDomainSocketAddress.of(args[1]);
        System.out.println(run(kind, server, Integer.parseInt(args[2]), Integer.parseInt(args[3]), 2_000,
                Long.parseLong(args[4]) * 1_000L, false));
    }

    /**
     * Runs a load.
     *
     * @param kind the kind
     * @param server where (an {@link InetSocketAddress}, or a Unix path as a {@link java.net.UnixDomainSocketAddress})
     * @param clients how many clients
     * @param size bytes per message
     * @param warmupMillis unmeasured time first
     * @param measureMillis the measured window
     * @param verify whether to check every byte that comes back (costs a comparison per read)
     * @return the measurement
     * @throws Exception if the clients cannot connect
     */
    public static Result run(Kind kind, SocketAddress server, int clients, int size, long warmupMillis, long measureMillis,
            boolean verify) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Recorder latencies = new Recorder(3);
        LongAdder errors = new LongAdder();
        LongAdder done = new LongAdder();
        byte[] bytes = new byte[size];
        new Random(17).nextBytes(bytes);
        ByteBuf memory = Unpooled.directBuffer(size).writeBytes(bytes);
        ByteBuf payload = Unpooled.unreleasableBuffer(memory.asReadOnly());
        List<Channel> channels = new ArrayList<>();
        Path tempDir = kind == Kind.UNIX_DGRAM ? Files.createTempDirectory("socketkit-load") : null;
        try {
            for (int i = 0; i < clients; i++) {
                ClientLoop loop = new ClientLoop(kind, payload, latencies, errors, done, verify);
                Bootstrap bootstrap = new Bootstrap().group(group).handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(loop);
                    }
                });
                switch (kind) {
                    case TCP:
                        bootstrap.channel(EpollSocketChannel.class).option(ChannelOption.TCP_NODELAY, true);
                        channels.add(bootstrap.connect(server).sync().channel());
                        break;
                    case UNIX:
                        bootstrap.channel(EpollDomainSocketChannel.class);
                        channels.add(bootstrap.connect(new DomainSocketAddress(server.toString())).sync().channel());
                        break;
                    case UDP:
                        // Connected: the payload goes out as it is, no envelope per message.
                        bootstrap.channel(EpollDatagramChannel.class)
                                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536));
                        channels.add(bootstrap.connect(server, new InetSocketAddress(((InetSocketAddress) server).getAddress(), 0))
                                .sync().channel());
                        break;
                    default:
                        bootstrap.channel(EpollDomainDatagramChannel.class)
                                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536));
                        channels.add(bootstrap.connect(new DomainSocketAddress(server.toString()),
                                new DomainSocketAddress(tempDir.resolve("c" + i).toString())).sync().channel());
                        break;
                }
            }
            Thread.sleep(warmupMillis);
            latencies.getIntervalHistogram();
            long doneBefore = done.sum();
            long errorsBefore = errors.sum();
            long start = System.nanoTime();
            Thread.sleep(measureMillis);
            double seconds = (System.nanoTime() - start) / 1e9;
            Histogram histogram = latencies.getIntervalHistogram();
            long roundTrips = done.sum() - doneBefore;
            return new Result(roundTrips / seconds, roundTrips * (double) size / seconds / 1e6,
                    histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                    histogram.getValueAtPercentile(99.9) / 1000.0, errors.sum() - errorsBefore, roundTrips);
        } finally {
            for (Channel channel : channels) {
                channel.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            memory.release();
            if (tempDir != null) {
                try (var files = Files.list(tempDir)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(file);
                    }
                }
                Files.deleteIfExists(tempDir);
            }
        }
    }

    /** One closed-loop client. */
    private static final class ClientLoop extends ChannelInboundHandlerAdapter {
        private final Kind kind;
        private final ByteBuf payload;
        private final Recorder latencies;
        private final LongAdder errors;
        private final LongAdder done;
        private final boolean verify;
        private final int size;
        private int received;
        private long sentAt;
        private ScheduledFuture<?> lossCheck;

        ClientLoop(Kind kind, ByteBuf payload, Recorder latencies, LongAdder errors, LongAdder done,
                boolean verify) {
            this.kind = kind;
            this.payload = payload;
            this.latencies = latencies;
            this.errors = errors;
            this.done = done;
            this.verify = verify;
            this.size = payload.readableBytes();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (kind == Kind.UDP || kind == Kind.UNIX_DGRAM) {
                // A lost datagram would stop this client: after 1 s it counts as an error and goes again.
                lossCheck = ctx.executor().scheduleAtFixedRate(() -> {
                    if (System.nanoTime() - sentAt > TimeUnit.SECONDS.toNanos(1)) {
                        errors.increment();
                        send(ctx);
                    }
                }, 1, 1, TimeUnit.SECONDS);
            }
            send(ctx);
        }

        private void send(ChannelHandlerContext ctx) {
            received = 0;
            sentAt = System.nanoTime();
            ctx.writeAndFlush(payload.duplicate());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = msg instanceof io.netty.buffer.ByteBufHolder ? ((io.netty.buffer.ByteBufHolder) msg).content() : (ByteBuf) msg;
            try {
                int length = in.readableBytes();
                if (verify && (received + length > size
                        || !ByteBufUtil.equals(in, in.readerIndex(), payload, payload.readerIndex() + received, length))) {
                    errors.increment();
                }
                received += length;
            } finally {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
            if (received >= size) {
                latencies.recordValue(System.nanoTime() - sentAt);
                done.increment();
                send(ctx);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.increment();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (lossCheck != null) {
                lossCheck.cancel(false);
            }
        }
    }
}
