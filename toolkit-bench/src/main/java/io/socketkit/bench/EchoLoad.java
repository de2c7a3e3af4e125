package io.socketkit.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop echo load on Netty epoll: each connection sends {@code size} bytes, waits until all
 * have come back, and sends again. Counts round trips in a measured window after a warm-up. No
 * allocation per message: one shared read-only payload, received bytes only counted.
 */
final class EchoLoad {
    private EchoLoad() {
    }

    /** Round trips per second over the window. */
    static double run(InetSocketAddress server, int connections, int size, long warmupMillis, long measureMillis)
            throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        LongAdder roundTrips = new LongAdder();
        ByteBuf payload = Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeZero(size));
        List<Channel> channels = new ArrayList<>();
        try {
            Bootstrap bootstrap = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                private int pending;

                                @Override
                                public void channelActive(ChannelHandlerContext ctx) {
                                    send(ctx);
                                }

                                private void send(ChannelHandlerContext ctx) {
                                    pending = size;
                                    ctx.writeAndFlush(payload.duplicate());
                                }

                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ByteBuf in = (ByteBuf) msg;
                                    pending -= in.readableBytes();
                                    in.release();
                                    if (pending == 0) {
                                        roundTrips.increment();
                                        send(ctx);
                                    }
                                }
                            });
                        }
                    });
            for (int i = 0; i < connections; i++) {
                channels.add(bootstrap.connect(server).sync().channel());
            }
            Thread.sleep(warmupMillis);
            long before = roundTrips.sum();
            long start = System.nanoTime();
            Thread.sleep(measureMillis);
            long done = roundTrips.sum() - before;
            return done / ((System.nanoTime() - start) / 1e9);
        } finally {
            for (Channel channel : channels) {
                channel.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
