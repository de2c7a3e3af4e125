package io.socketkit.spi;

import io.socketkit.server.ServerConfig;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * What a provider implements to run event-style servers on its event loops ({@link ServerConfig#events}).
 * A {@link SocketProvider} that also implements this interface is asked by
 * {@link io.socketkit.server.SocketServer} to bind one.
 */
public interface EventServers {

    /**
     * Binds and starts an event-style server: listening (stream kinds) or receiving (datagram kinds).
     *
     * @param config the server's configuration, with an event handler factory
     * @param accounting where to admit connections (by {@link ServerConfig#limits()}) and count what is done
     * @return the running server
     * @throws io.socketkit.AddressInUseError if the address is taken
     * @throws IOException if binding fails otherwise
     */
    Running bind(ServerConfig config, ServerAccounting accounting) throws IOException;

    /** A bound event-style server. */
    interface Running extends Closeable {
        /**
         * The bound address, port 0 resolved.
         *
         * @return the address
         */
        SocketAddress address();

        /**
         * The listening descriptor, or -1.
         *
         * @return the descriptor
         */
        int fileno();

        /** Closes the listener(s) and every connection (pending writes are flushed first); idempotent. */
        @Override
        void close();
    }
}
