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
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The echo servers the server benchmark compares, each started in its own JVM by {@link ServerBench}:
 * {@code EchoServers NAME} prints its port on stdout's first line and serves until killed.
 * Names: {@code netty} (the hand-written textbook Netty echo), {@code event}, {@code serial},
 * {@code threads}, {@code virtual}, {@code pool} (socketkit's styles), all on epoll.
 */
public final class EchoServers {
    private EchoServers() {
    }

    /** The textbook handler: write back what is read, flush when the read batch ends. */
    @ChannelHandler.Sharable
    static final class HandWritten extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** socketkit's event style, written as a user would. */
    static final class EventEcho implements StreamEventHandler {
        @Override
        public void onData(Connection connection, ByteBuffer data) {
            connection.write(data);
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
     * Starts one server.
     *
     * @param args the server's name
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        String name = args[0];
        if (name.equals("netty")) {
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory());
            Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        private final HandWritten echo = new HandWritten();

                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(echo);
                        }
                    }).bind(any).sync().channel();
            ready(((InetSocketAddress) server.localAddress()).getPort());
            server.closeFuture().sync();
            return;
        }
        NettyProvider epoll = NettyProvider.of(Transport.EPOLL);
        ServerConfig config;
        switch (name) {
            case "event":
                config = ServerConfig.events(io.socketkit.server.ServerKind.TCP, any, EventEcho::new);
                break;
            case "serial":
                config = ServerConfig.tcp(any, RequestEcho::new);
                break;
            case "threads":
                config = ServerConfig.tcp(any, RequestEcho::new).withConcurrency(Concurrency.THREADS);
                break;
            case "virtual":
                config = ServerConfig.tcp(any, RequestEcho::new).withConcurrency(Concurrency.VIRTUAL_THREADS);
                break;
            case "pool":
                config = ServerConfig.tcp(any, RequestEcho::new).withConcurrency(Concurrency.boundedPool(64, 64));
                break;
            default:
                throw new IllegalArgumentException("unknown server " + name);
        }
        try (SocketServer server = new SocketServer(config.withProvider(epoll).withDisableNagle(true)
                .withRequestQueueSize(1024).withDaemonThreads(true).withBlockOnClose(false))) {
            ready(((InetSocketAddress) server.address()).getPort());
            server.serveForever();
        }
    }

    private static void ready(int port) {
        System.out.println(port);
        System.out.flush();
    }
}
