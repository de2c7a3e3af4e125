package io.socketkit.server;

import io.socketkit.spi.Metered;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * For providers: what a {@link io.socketkit.spi.SocketProvider} also implements to run event-style servers
 * ({@link ServerConfig#events}) on its event loops. {@link SocketServer} asks a provider that implements
 * it to {@link #bind} one; users do not call it.
 *
 * <p>It lives beside {@link ServerConfig} rather than in {@code io.socketkit.spi} because it speaks of the
 * server's types, and the server package already depends on the SPI: one direction, no cycle.
 */
public interface EventServers {

    /**
     * Binds and starts an event-style server: listening (stream kinds) or receiving (datagram kinds).
     *
     * @param config the server's configuration, with an event handler
     * @param admission where each new connection is admitted or refused and what is done is counted
     * @return the running server
     * @throws io.socketkit.AddressInUseError if the address is taken
     * @throws IOException if binding fails otherwise
     */
    Running bind(ServerConfig config, Admission admission) throws IOException;

    /**
     * The server's one admission path and its counters, as a provider's event server meets them: the same
     * rules {@link SocketServer}'s request loop applies (peer uid, connection limits, per-address rate, idle
     * timeout, TLS-handshake accounting). Thread-safe; nothing blocks, so every method may be called on an
     * event loop.
     */
    interface Admission extends Metered.Meter {

        /**
         * Admits a new connection or refuses it (counted and logged here; the caller closes it at once).
         *
         * @param remote the client's address, or {@code null} if unknown
         * @param peer tells the peer's user id; asked only when the server limits Unix peers by uid
         * @return whether to serve it
         */
        boolean admit(SocketAddress remote, PeerUid peer);

        /**
         * A connection {@link #admit admitted} has closed.
         *
         * @param remote the address given to {@code admit}
         */
        void closed(SocketAddress remote);

        /**
         * A datagram longer than {@code maxPacketSize} was cut: counted and logged at debug.
         *
         * @param sender who sent it, or {@code null} if unknown
         */
        void truncated(SocketAddress sender);

        /**
         * A connection or request ended with this error: counted by kind.
         *
         * @param error the error
         */
        void failed(Throwable error);

        /**
         * A connection received nothing for the idle timeout and is being closed: counted and logged.
         *
         * @param connection the connection, as it is shown in the log
         */
        void idleTimedOut(Object connection);

        /**
         * A connection's TLS handshake failed or took longer than the handshake timeout; it is being closed.
         *
         * @param connection the connection, as it is shown in the log
         * @param error why (already translated into socketkit's errors)
         * @param timedOut whether the handshake timeout passed
         */
        void handshakeFailed(Object connection, Throwable error, boolean timedOut);

        /**
         * A connection has more than {@link ServerLimits#maxPendingOutputBytes()} waiting to be sent and is
         * being closed: counted and logged.
         *
         * @param connection the connection, as it is shown in the log
         */
        void pendingOutputExceeded(Object connection);
    }

    /** The peer's user id ({@code SO_PEERCRED}) of a Unix connection, asked for only when needed. */
    @FunctionalInterface
    interface PeerUid {
        /**
         * The user id.
         *
         * @return the uid
         * @throws IOException if the transport cannot tell (EOPNOTSUPP)
         */
        int uid() throws IOException;
    }

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
