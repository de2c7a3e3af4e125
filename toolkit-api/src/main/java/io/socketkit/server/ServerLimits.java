package io.socketkit.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits a {@link SocketServer} keeps, so that no client (or crowd of clients) can take more than
 * its share: an immutable value, changed by copies, set with {@link ServerConfig#withLimits}. Python's
 * {@code socketserver} has none of these; each has a default that a server on the open internet can
 * live with, and each hit is counted in {@link ServerMetrics#limitHits()} and logged.
 *
 * <table>
 * <caption>Limits, their defaults, and what a hit does</caption>
 * <tr><th>limit</th><th>default</th><th>when it is hit</th></tr>
 * <tr><td>{@code maxConnections}</td><td>10,000</td><td>a connection over it is accepted and closed at
 *     once (the client reads end of stream); counted as refused</td></tr>
 * <tr><td>{@code maxConnectionsPerSecondPerAddress}</td><td>0 (off)</td><td>a connection from an
 *     address that opened that many in the last second is closed at once; counted as refused</td></tr>
 * <tr><td>{@code idleTimeout}</td><td>none</td><td>a connection that received nothing for that long is
 *     closed (request handlers: the connection's {@code recv} raises {@link io.socketkit.TimeoutError},
 *     which ends the request quietly)</td></tr>
 * <tr><td>{@code handshakeTimeout}</td><td>10 s</td><td>a TLS handshake not done by then closes the
 *     connection</td></tr>
 * <tr><td>{@code maxLineLength}</td><td>64 KiB</td><td>{@link StreamRequestHandler#readLine()} fails
 *     with an {@link java.io.IOException} instead of buffering a line without end</td></tr>
 * <tr><td>{@code maxPendingOutputBytes}</td><td>4 MiB</td><td>an event-style connection whose peer does
 *     not read what is written to it is closed once this much waits (request handlers block in
 *     {@code send} instead: the socket applies backpressure)</td></tr>
 * </table>
 */
public final class ServerLimits {
    private static final ServerLimits DEFAULTS = new ServerLimits(10_000, 0, null, Duration.ofSeconds(10), 64 * 1024,
            4L * 1024 * 1024);

    private final int maxConnections;
    private final int maxConnectionsPerSecondPerAddress;
    private final Duration idleTimeout;
    private final Duration handshakeTimeout;
    private final int maxLineLength;
    private final long maxPendingOutputBytes;

    private ServerLimits(int maxConnections, int maxConnectionsPerSecondPerAddress, Duration idleTimeout,
            Duration handshakeTimeout, int maxLineLength, long maxPendingOutputBytes) {
        this.maxConnections = maxConnections;
        this.maxConnectionsPerSecondPerAddress = maxConnectionsPerSecondPerAddress;
        this.idleTimeout = idleTimeout;
        this.handshakeTimeout = handshakeTimeout;
        this.maxLineLength = maxLineLength;
        this.maxPendingOutputBytes = maxPendingOutputBytes;
    }

    /**
     * The defaults (see the class comment).
     *
     * @return the default limits
     */
    public static ServerLimits defaults() {
        return DEFAULTS;
    }

    /**
     * A copy with this many concurrent connections at most.
     *
     * @param max at least 1
     * @return the copy
     * @throws IllegalArgumentException if less than 1
     */
    public ServerLimits withMaxConnections(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxConnections < 1: " + max);
        }
        return new ServerLimits(max, maxConnectionsPerSecondPerAddress, idleTimeout, handshakeTimeout, maxLineLength,
                maxPendingOutputBytes);
    }

    /**
     * A copy that lets one remote address (IP, not port; every Unix client counts as one address) open
     * at most this many connections a second.
     *
     * @param max the rate, or 0 for no limit
     * @return the copy
     * @throws IllegalArgumentException if negative
     */
    public ServerLimits withMaxConnectionsPerSecondPerAddress(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxConnectionsPerSecondPerAddress < 0: " + max);
        }
        return new ServerLimits(maxConnections, max, idleTimeout, handshakeTimeout, maxLineLength, maxPendingOutputBytes);
    }

    /**
     * A copy that closes connections which receive nothing for this long.
     *
     * @param timeout the time, positive, or {@code null} for none
     * @return the copy
     * @throws IllegalArgumentException if zero or negative
     */
    public ServerLimits withIdleTimeout(Duration timeout) {
        return new ServerLimits(maxConnections, maxConnectionsPerSecondPerAddress, positive(timeout, "idleTimeout"),
                handshakeTimeout, maxLineLength, maxPendingOutputBytes);
    }

    /**
     * A copy that gives a TLS handshake this long.
     *
     * @param timeout the time, positive
     * @return the copy
     * @throws IllegalArgumentException if zero or negative
     * @throws NullPointerException if null
     */
    public ServerLimits withHandshakeTimeout(Duration timeout) {
        return new ServerLimits(maxConnections, maxConnectionsPerSecondPerAddress, idleTimeout,
                positive(Objects.requireNonNull(timeout, "timeout"), "handshakeTimeout"), maxLineLength,
                maxPendingOutputBytes);
    }

    /**
     * A copy whose line readers give up on lines longer than this.
     *
     * @param max bytes, with the newline, at least 1
     * @return the copy
     * @throws IllegalArgumentException if less than 1
     */
    public ServerLimits withMaxLineLength(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxLineLength < 1: " + max);
        }
        return new ServerLimits(maxConnections, maxConnectionsPerSecondPerAddress, idleTimeout, handshakeTimeout, max,
                maxPendingOutputBytes);
    }

    /**
     * A copy that closes an event-style connection once more than this many written bytes wait for its peer.
     *
     * @param max bytes, at least 1
     * @return the copy
     * @throws IllegalArgumentException if less than 1
     */
    public ServerLimits withMaxPendingOutputBytes(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxPendingOutputBytes < 1: " + max);
        }
        return new ServerLimits(maxConnections, maxConnectionsPerSecondPerAddress, idleTimeout, handshakeTimeout,
                maxLineLength, max);
    }

    private static Duration positive(Duration timeout, String name) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException(name + " must be positive: " + timeout);
        }
        return timeout;
    }

    /** @return the most concurrent connections */
    public int maxConnections() {
        return maxConnections;
    }

    /** @return the most connections one address may open a second; 0 for no limit */
    public int maxConnectionsPerSecondPerAddress() {
        return maxConnectionsPerSecondPerAddress;
    }

    /** @return how long a connection may receive nothing, or null for ever */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** @return how long a TLS handshake may take */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** @return the longest line the line readers take */
    public int maxLineLength() {
        return maxLineLength;
    }

    /** @return the most bytes an event-style connection may have waiting to be sent */
    public long maxPendingOutputBytes() {
        return maxPendingOutputBytes;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ServerLimits)) {
            return false;
        }
        ServerLimits other = (ServerLimits) o;
        return maxConnections == other.maxConnections
                && maxConnectionsPerSecondPerAddress == other.maxConnectionsPerSecondPerAddress
                && Objects.equals(idleTimeout, other.idleTimeout) && handshakeTimeout.equals(other.handshakeTimeout)
                && maxLineLength == other.maxLineLength && maxPendingOutputBytes == other.maxPendingOutputBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConnections, maxConnectionsPerSecondPerAddress, idleTimeout, handshakeTimeout,
                maxLineLength, maxPendingOutputBytes);
    }

    @Override
    public String toString() {
        return "ServerLimits[maxConnections=" + maxConnections + ", perAddressPerSecond=" + maxConnectionsPerSecondPerAddress
                + ", idleTimeout=" + idleTimeout + ", handshakeTimeout=" + handshakeTimeout + ", maxLineLength="
                + maxLineLength + ", maxPendingOutputBytes=" + maxPendingOutputBytes + "]";
    }
}
