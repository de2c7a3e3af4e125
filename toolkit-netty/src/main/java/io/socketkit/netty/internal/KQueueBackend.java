package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.kqueue.KQueueDatagramChannel;
import io.netty.channel.kqueue.KQueueDomainDatagramChannel;
import io.netty.channel.kqueue.KQueueDomainSocketChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerDomainSocketChannel;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.socketkit.AddressFamily;
import io.socketkit.PeerCredentials;
import io.socketkit.netty.Transport;
import java.io.IOException;

/** BSD and macOS kqueue: every family and type. Compiled everywhere, tested only where it loads. */
final class KQueueBackend extends Backend {
    @Override
    Transport transport() {
        return Transport.KQUEUE;
    }

    @Override
    IoHandlerFactory ioHandlerFactory() {
        return KQueueIoHandler.newFactory();
    }

    @Override
    Channel newStreamChannel(AddressFamily family) {
        return family == AddressFamily.UNIX
                ? new KQueueDomainSocketChannel()
                : new KQueueSocketChannel(NioBackend.protocol(family));
    }

    @Override
    ServerChannel newServerChannel(AddressFamily family) {
        return family == AddressFamily.UNIX
                ? new KQueueServerDomainSocketChannel()
                : new KQueueServerSocketChannel();
    }

    @Override
    Channel newDatagramChannel(AddressFamily family) {
        return family == AddressFamily.UNIX
                ? new KQueueDomainDatagramChannel()
                : new KQueueDatagramChannel(NioBackend.protocol(family));
    }

    @Override
    PeerCredentials peerCredentials(Channel channel) throws IOException {
        return convert(((KQueueDomainSocketChannel) channel).peerCredentials());
    }

    @Override
    EmptyDatagramSender emptyDatagramSender(Channel channel) {
        return EmptyDatagramSender.of((io.netty.channel.unix.UnixChannel) channel);
    }
}
