package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.socketkit.AddressFamily;
import io.socketkit.PeerCredentials;
import io.socketkit.netty.Transport;
import java.io.IOException;

/**
 * Linux io_uring: TCP, UDP and Unix stream (no Unix datagrams in Netty 4.2). Its TCP channels have
 * no family argument: they are IPv6 sockets that take IPv4 as mapped addresses.
 */
final class IoUringBackend extends Backend {
    static {
        // io_uring's JVM-wide defaults, before any io_uring class of Netty's loads here.
        NativeTransports.init();
    }

    @Override
    Transport transport() {
        return Transport.IO_URING;
    }

    @Override
    IoHandlerFactory ioHandlerFactory() {
        return IoUringIoHandler.newFactory();
    }

    @Override
    boolean halfClosure(AddressFamily family) {
        return family != AddressFamily.UNIX;
    }

    @Override
    boolean abstractNamespace() {
        return true;
    }

    @Override
    Channel newStreamChannel(AddressFamily family) {
        return family == AddressFamily.UNIX ? new IoUringDomainSocketChannel() : new IoUringSocketChannel();
    }

    @Override
    ServerChannel newServerChannel(AddressFamily family) {
        return family == AddressFamily.UNIX ? new IoUringServerDomainSocketChannel() : new IoUringServerSocketChannel();
    }

    @Override
    Channel newDatagramChannel(AddressFamily family) {
        return new IoUringDatagramChannel(
                family == AddressFamily.INET6 ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET);
    }

    @Override
    PeerCredentials peerCredentials(Channel channel) throws IOException {
        return convert(((IoUringDomainSocketChannel) channel).peerCredentials());
    }

}
