package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
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
import io.socketkit.netty.Transport;
import java.nio.channels.spi.SelectorProvider;

/** The JDK's selector; Unix stream sockets through the JDK's own (16+), no Unix datagrams. */
final class NioBackend extends Backend {
    private static final AttributeKey<SocketChannel> JDK_CHANNEL = AttributeKey.valueOf("socketkit.jdkChannel");

    @Override
    Transport transport() {
        return Transport.NIO;
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
    boolean lazyRegistration() {
        return true;
    }

    /** Where the event loop reads (event servers, selectors): Netty closes a Unix stream on the peer's SHUT_WR. */
    @Override
    boolean halfClosure(AddressFamily family) {
        return family != AddressFamily.UNIX;
    }

    @Override
    Channel newStreamChannel(AddressFamily family) {
        SocketChannel jdk;
        try {
            jdk = SelectorProvider.provider().openSocketChannel(
                    family == AddressFamily.UNIX ? StandardProtocolFamily.UNIX
                            : family == AddressFamily.INET6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        } catch (IOException e) {
            throw new ChannelException(e);
        }
        Channel channel = family == AddressFamily.UNIX ? new NioDomainSocketChannel(jdk) : new NioSocketChannel(jdk);
        channel.attr(JDK_CHANNEL).set(jdk);
        return channel;
    }

    /**
     * The JDK closes a channel registered with a selector only when the selector next selects (it
     * deregisters the key first): until then the port still listens. A task scheduled a millisecond
     * later runs after at least one more select of the loop, so once it has run the descriptor is closed.
     */
    @Override
    void awaitDescriptorClosed(Channel channel) {
        channel.eventLoop().schedule(() -> { }, 1, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    void bindUnregistered(Channel channel, SocketAddress address) throws IOException {
        try {
            channel.attr(JDK_CHANNEL).get().bind(address);
        } catch (IOException e) {
            throw NettyErrors.translate(e, "bind " + address + " (nio)", address);
        }
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

    @Override
    DirectIo directIo(Channel channel) {
        return new NioDirectIo((SocketChannel) ((io.netty.channel.nio.AbstractNioChannel.NioUnsafe) channel.unsafe()).ch());
    }

    @Override
    boolean hasDirectIo() {
        return true;
    }

    @Override
    EmptyDatagramSender emptyDatagramSender(Channel channel) {
        return EmptyDatagramSender.ofNio(channel);
    }
}
