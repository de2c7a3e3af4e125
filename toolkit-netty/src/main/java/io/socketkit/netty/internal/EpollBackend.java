package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.socketkit.AddressFamily;
import io.socketkit.PeerCredentials;
import io.socketkit.netty.Transport;
import java.io.IOException;

/** Linux epoll: every family and type, descriptors, peer credentials, the abstract namespace. */
final class EpollBackend extends Backend {
    @Override
    Transport transport() {
        return Transport.EPOLL;
    }

    @Override
    IoHandlerFactory ioHandlerFactory() {
        return EpollIoHandler.newFactory();
    }

    @Override
    boolean abstractNamespace() {
        return true;
    }

    @Override
    Channel newStreamChannel(AddressFamily family) {
        return family == AddressFamily.UNIX
                ? new EpollDomainSocketChannel()
                : new EpollSocketChannel(NioBackend.protocol(family));
    }

    @Override
    ServerChannel newServerChannel(AddressFamily family) {
        return family == AddressFamily.UNIX
                ? new EpollServerDomainSocketChannel()
                : new EpollServerSocketChannel(NioBackend.protocol(family));
    }

    @Override
    Channel newDatagramChannel(AddressFamily family) {
        return family == AddressFamily.UNIX
                ? new EpollDomainDatagramChannel()
                : new EpollDatagramChannel(NioBackend.protocol(family));
    }

    @Override
    PeerCredentials peerCredentials(Channel channel) throws IOException {
        return convert(((EpollDomainSocketChannel) channel).peerCredentials());
    }

    @Override
    DirectIo directIo(Channel channel) {
        return new NativeDirectIo(((io.netty.channel.unix.UnixChannel) channel).fd());
    }

    @Override
    boolean hasDirectIo() {
        return true;
    }

    @Override
    EmptyDatagramSender emptyDatagramSender(Channel channel) {
        return EmptyDatagramSender.of((io.netty.channel.unix.UnixChannel) channel);
    }
}
