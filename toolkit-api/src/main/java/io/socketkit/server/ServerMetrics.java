package io.socketkit.server;

import io.socketkit.Errno;
import java.util.Map;

/**
 * What a {@link SocketServer} has done, counted since it was made: a live view, read with
 * {@link SocketServer#metrics()}, safe to read from any thread (each count is exact; two counts read one
 * after the other may be from slightly different moments). Export it with the Micrometer binder in
 * {@code io.socketkit.netty.SocketServerMeters}, or read it yourself.
 */
public interface ServerMetrics {

    /** A limit of {@link ServerLimits} that was reached. */
    enum Limit {
        /** {@link ServerLimits#maxConnections()}: a connection was refused. */
        MAX_CONNECTIONS,
        /** {@link ServerLimits#maxConnectionsPerSecondPerAddress()}: a connection was refused. */
        CONNECTION_RATE,
        /** {@link ServerLimits#maxConnectionsPerAddress()}: a connection was refused. */
        CONNECTIONS_PER_ADDRESS,
        /** {@link ServerLimits#idleTimeout()}: an idle connection was closed. */
        IDLE_TIMEOUT,
        /** {@link ServerLimits#handshakeTimeout()}: a TLS handshake took too long. */
        HANDSHAKE_TIMEOUT,
        /** {@link ServerLimits#maxLineLength()}: a line was too long. */
        MAX_LINE_LENGTH,
        /** {@link ServerLimits#maxPendingOutputBytes()}: a connection that did not read was closed. */
        MAX_PENDING_OUTPUT,
        /** {@link ServerConfig#allowedPeerUids()}: a Unix peer running as another user was refused. */
        PEER_UID,
        /** {@link ServerLimits#maxDatagramsInFlight()} (or a full pool): a datagram was dropped. */
        DATAGRAMS_IN_FLIGHT
    }

    /**
     * Connections accepted and served (stream kinds), refused ones not included.
     *
     * @return the count
     */
    long accepted();

    /**
     * Connections open now (stream kinds).
     *
     * @return the count
     */
    long active();

    /**
     * Connections accepted and closed at once because a limit was reached, or {@code verifyRequest} said no.
     *
     * @return the count
     */
    long refused();

    /**
     * Payload bytes received from clients (after TLS decryption).
     *
     * @return the count
     */
    long bytesReceived();

    /**
     * Payload bytes handed to the transport for clients (before TLS encryption).
     *
     * @return the count
     */
    long bytesSent();

    /**
     * Datagrams longer than {@code maxPacketSize}, cut to it.
     *
     * @return the count
     */
    long truncatedDatagrams();

    /**
     * Datagrams received and not served: the server was shutting down, or every request thread was busy
     * past the queue's bound.
     *
     * @return the count
     */
    long droppedDatagrams();

    /**
     * Connections or requests that ended with an error, by kind: the errno's name ({@link Errno#of},
     * e.g. {@code "ECONNRESET"}) where the error has one, else the exception's simple class name (a
     * handler's own {@code IllegalStateException}, a {@code TimeoutError}, a TLS {@code SSLException}).
     *
     * @return an immutable snapshot; kinds never seen are absent
     */
    Map<String, Long> errors();

    /**
     * How often each limit was hit.
     *
     * @return an immutable snapshot, every limit present
     */
    Map<Limit, Long> limitHits();
}
