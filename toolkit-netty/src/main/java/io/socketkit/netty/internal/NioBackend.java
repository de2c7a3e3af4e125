package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.socketkit.AddressFamily;
import io.socketkit.SocketType;
import io.socketkit.netty.Transport;
import java.nio.channels.spi.SelectorProvider;

/** The JDK's selector; Unix stream sockets through the JDK's own (16+), no Unix datagrams. */
final class NioBackend extends Backend {
    @Override
    Transport transport() {
        return Transport.NIO;
    }

    @Override
    Throwable unavailabilityCause() {
        return null;
    }

    @Override
    boolean supports(AddressFamily family, SocketType type) {
        return inetOrUnixStream(family, type);
    }

    @Override
    IoHandlerFactory ioHandlerFactory() {
        return NioIoHandler.newFactory();
    }

    @Override
    boolean nativeUnixAddresses() {
        return false;
    }

    @Override
    Channel newStreamChannel(AddressFamily family) {
        return family == AddressFamily.UNIX
                ? new NioDomainSocketChannel()
                : new NioSocketChannel(SelectorProvider.provider(), protocol(family));
    }

    @Override
    ServerChannel newServerChannel(AddressFamily family) {
        return family == AddressFamily.UNIX
                ? new NioServerDomainSocketChannel()
                : new NioServerSocketChannel(SelectorProvider.provider(), protocol(family));
    }

    @Override
    Channel newDatagramChannel(AddressFamily family) {
        return new NioDatagramChannel(SelectorProvider.provider(), protocol(family));
    }

    static SocketProtocolFamily protocol(AddressFamily family) {
        return family == AddressFamily.INET6 ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
    }
}
