/**
 * socketkit on Netty 4.2: the {@link io.socketkit.spi.SocketProvider} over NIO, epoll, io_uring and kqueue.
 */
module io.socketkit.netty {
    requires transitive io.socketkit;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.codec;
    requires io.netty.handler;
    requires io.netty.transport.unix.common;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.classes.io_uring;
    requires io.netty.transport.classes.kqueue;
    requires jdk.net;
    requires static micrometer.core;

    exports io.socketkit.netty;

    provides io.socketkit.spi.SocketProvider with io.socketkit.netty.NettyProvider;
}
