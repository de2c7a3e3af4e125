package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.local.LocalIoHandler;
import io.socketkit.AddressFamily;
import io.socketkit.SocketType;
import io.socketkit.netty.Transport;

/**
 * Netty's in-JVM channels. They have no socket family, so this backend makes no sockets: the
 * provider refuses every pair with a message naming the transports that can.
 */
final class LocalBackend extends Backend {
    @Override
    Transport transport() {
        return Transport.LOCAL;
    }

    @Override
    Throwable unavailabilityCause() {
        return null;
    }

    @Override
    boolean supports(AddressFamily family, SocketType type) {
        return false;
    }

    @Override
    IoHandlerFactory ioHandlerFactory() {
        return LocalIoHandler.newFactory();
    }

    @Override
    Channel newStreamChannel(AddressFamily family) {
        throw new UnsupportedOperationException("LOCAL has no sockets");
    }

    @Override
    ServerChannel newServerChannel(AddressFamily family) {
        throw new UnsupportedOperationException("LOCAL has no sockets");
    }

    @Override
    Channel newDatagramChannel(AddressFamily family) {
        throw new UnsupportedOperationException("LOCAL has no sockets");
    }
}
