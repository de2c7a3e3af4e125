package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.socketkit.AddressFamily;
import io.socketkit.PeerCredentials;
import io.socketkit.SocketType;
import io.socketkit.netty.Transport;
import java.io.IOException;

/**
 * Linux io_uring: TCP, UDP and Unix stream (no Unix datagrams in Netty 4.2). Its TCP channels have
 * no family argument: they are IPv6 sockets that take IPv4 as mapped addresses.
 */
final class IoUringBackend extends Backend {
    /**
     * Netty's JVM-wide switch for io_uring's multishot accept, read once when its {@code IoUring} class
     * initialises. Netty 4.2.18 has no per-channel option for it, and its multishot accept keeps completing
     * with EMFILE out of descriptors whatever the channel asks (a busy loop in both handler styles, and a
     * Netty WARN per failure for the event style). Off, one accept is submitted at a time and the
     * listeners back off as on the other transports. Set before any io_uring class of Netty's is used
     * here, and only when the user has not set it.
     */
    static final String ACCEPT_MULTISHOT = "io.netty.iouring.acceptMultiShotEnabled";

    static {
        if (System.getProperty(ACCEPT_MULTISHOT) == null) {
            System.setProperty(ACCEPT_MULTISHOT, "false");
        }
    }

    @Override
    Transport transport() {
        return Transport.IO_URING;
    }

    @Override
    Throwable unavailabilityCause() {
        return IoUring.unavailabilityCause();
    }

    @Override
    boolean supports(AddressFamily family, SocketType type) {
        return inetOrUnixStream(family, type);
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
