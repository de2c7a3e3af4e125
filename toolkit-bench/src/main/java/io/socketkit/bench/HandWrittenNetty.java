package io.socketkit.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * The baseline every socketkit figure is a ratio to: the textbook Netty echo server on the same
 * transport — write back what is read, flush when the read batch ends; datagrams back to their sender.
 */
final class HandWrittenNetty {
    private HandWrittenNetty() {
    }

    /** The textbook stream handler; stateless, so one instance serves every connection. */
    @ChannelHandler.Sharable
    static final class StreamEcho extends ChannelInboundHandlerAdapter {
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

    /** The textbook datagram handler. */
    static final class DatagramEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof DatagramPacket) {
                DatagramPacket packet = (DatagramPacket) msg;
                ctx.write(new DatagramPacket(packet.content(), packet.sender()));
            } else {
                DomainDatagramPacket packet = (DomainDatagramPacket) msg;
                ctx.write(new DomainDatagramPacket(packet.content(), packet.sender()));
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /** Starts the server; returns its address. */
    static SocketAddress start(String transport, String kind, SocketAddress bind) throws InterruptedException {
        IoHandlerFactory factory = transport.equals("nio") ? NioIoHandler.newFactory()
                : transport.equals("epoll") ? EpollIoHandler.newFactory() : IoUringIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(factory);
        SocketAddress nettyBind = bind instanceof UnixDomainSocketAddress && !transport.equals("nio")
                ? new DomainSocketAddress(bind.toString()) : bind;
        boolean unix = kind.startsWith("unix");
        if (kind.equals("tcp") || kind.equals("unix")) {
            Class<? extends ServerChannel> type;
            switch (transport) {
                case "nio":
                    type = unix ? NioServerDomainSocketChannel.class : NioServerSocketChannel.class;
                    break;
                case "epoll":
                    type = unix ? EpollServerDomainSocketChannel.class : EpollServerSocketChannel.class;
                    break;
                default:
                    type = unix ? IoUringServerDomainSocketChannel.class : IoUringServerSocketChannel.class;
                    break;
            }
            ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(type)
                    .option(ChannelOption.SO_BACKLOG, 1024).childHandler(new StreamEcho());
            if (!unix) {
                bootstrap.childOption(ChannelOption.TCP_NODELAY, true);
            }
            Channel server = bootstrap.bind(nettyBind).sync().channel();
            return unix ? bind : server.localAddress();
        }
        Class<? extends Channel> type;
        switch (transport) {
            case "nio":
                type = NioDatagramChannel.class;
                break;
            case "epoll":
                type = unix ? EpollDomainDatagramChannel.class : EpollDatagramChannel.class;
                break;
            default:
                type = IoUringDatagramChannel.class;
                break;
        }
        Channel server = new Bootstrap().group(group).channel(type)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536))
                .handler(new DatagramEcho()).bind(nettyBind).sync().channel();
        return unix ? bind : server.localAddress();
    }

    static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }
}
