package io.socketkit.examples;

import io.socketkit.Sockets;
import io.socketkit.spi.SocketProvider;

/** {@code --transport}: the backend, picked by name through the public API. */
public final class Transports {
    private Transports() {
    }

    /**
     * The provider for a transport name.
     *
     * @param name auto, nio, epoll, io_uring, kqueue
     * @return the provider
     * @throws IllegalArgumentException if the name is unknown
     * @throws UnsupportedOperationException if the transport is not available here, saying why
     */
    public static SocketProvider provider(String name) {
        return Sockets.provider(name);
    }

    /**
     * The transport's name as the {@code listening on} line shows it: the provider's name after "netty/".
     *
     * @param provider the provider
     * @return epoll, nio, ...
     */
    public static String name(SocketProvider provider) {
        String name = provider.name();
        return name.substring(name.indexOf('/') + 1);
    }
}
