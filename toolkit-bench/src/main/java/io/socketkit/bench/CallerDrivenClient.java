package io.socketkit.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The other design DESIGN.md asks to measure: a blocking client whose channel sits on a Netty
 * {@link ManualIoEventLoop} driven by the calling thread itself while it waits, so no hand-off between
 * an event-loop thread and the caller. A prototype for the benchmark only: one owning thread, no
 * timeouts, no selector.
 */
final class CallerDrivenClient implements PingPong.Client {
    private final ManualIoEventLoop loop;
    private final Channel channel;
    private final ByteBuf message;
    private int received;
    private boolean readPending;

    CallerDrivenClient(boolean epoll, InetSocketAddress server, byte[] bytes) throws IOException {
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        loop = new ManualIoEventLoop(Thread.currentThread(), factory);
        channel = epoll ? new EpollSocketChannel(SocketProtocolFamily.INET) : new NioSocketChannel();
        channel.config().setAutoRead(false);
        channel.config().setOption(ChannelOption.TCP_NODELAY, true);
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                received += buf.readableBytes();
                buf.release();
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                readPending = false;
            }
        });
        drive(loop.register(channel));
        drive(channel.connect(server));
        message = Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes));
    }

    private void drive(ChannelFuture future) throws IOException {
        while (!future.isDone()) {
            loop.run(0);
        }
        if (!future.isSuccess()) {
            throw new IOException(future.cause());
        }
    }

    @Override
    public void roundTrip() throws IOException {
        received = 0;
        channel.writeAndFlush(message.duplicate());
        while (received < message.readableBytes()) {
            if (!readPending) {
                readPending = true;
                channel.read();
            }
            loop.run(0);
            if (!channel.isActive()) {
                throw new IOException("echo server closed");
            }
        }
    }

    @Override
    public void close() {
        channel.close();
        loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        while (!loop.isTerminated()) {
            loop.runNow();
        }
    }
}
