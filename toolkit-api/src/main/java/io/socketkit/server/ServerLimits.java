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
 * <tr><td>{@code maxConnectionsPerAddress}</td><td>0 (off)</td><td>a connection from an address that
 *     holds that many already is closed at once; counted as refused (off by default: clients behind one
 *     NAT share an address)</td></tr>
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
 * <tr><td>{@code maxDatagramsInFlight}</td><td>256</td><td>a request-style datagram server (THREADS,
 *     VIRTUAL_THREADS, or a pool, whose own bound is its threads and queue) drops a datagram that arrives
 *     while that many are being served; counted in {@link ServerMetrics#droppedDatagrams()}</td></tr>
 * </table>
 */
public final class ServerLimits {
    private static final ServerLimits DEFAULTS = new ServerLimits();

    private int maxConnections = 10_000;
    private int maxConnectionsPerAddress;
    private int maxConnectionsPerSecondPerAddress;
    private Duration idleTimeout;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private int maxLineLength = 64 * 1024;
    private long maxPendingOutputBytes = 4L * 1024 * 1024;
    private int maxDatagramsInFlight = 256;

    private ServerLimits() {
    }

    private ServerLimits copy() {
        ServerLimits copy = new ServerLimits();
        copy.maxConnections = maxConnections;
        copy.maxConnectionsPerAddress = maxConnectionsPerAddress;
        copy.maxConnectionsPerSecondPerAddress = maxConnectionsPerSecondPerAddress;
        copy.idleTimeout = idleTimeout;
        copy.handshakeTimeout = handshakeTimeout;
        copy.maxLineLength = maxLineLength;
        copy.maxPendingOutputBytes = maxPendingOutputBytes;
        copy.maxDatagramsInFlight = maxDatagramsInFlight;
        return copy;
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
        ServerLimits copy = copy();
        copy.maxConnections = atLeast(max, 1, "maxConnections");
        return copy;
    }

    /**
     * A copy that lets one remote address (IP, not port; every Unix client counts as one address) hold
     * at most this many connections at once: a slow client (slowloris) holds its share, no more.
     *
     * @param max the most connections per address, or 0 for no limit
     * @return the copy
     * @throws IllegalArgumentException if negative
     */
    public ServerLimits withMaxConnectionsPerAddress(int max) {
        ServerLimits copy = copy();
        copy.maxConnectionsPerAddress = atLeast(max, 0, "maxConnectionsPerAddress");
        return copy;
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
        ServerLimits copy = copy();
        copy.maxConnectionsPerSecondPerAddress = atLeast(max, 0, "maxConnectionsPerSecondPerAddress");
        return copy;
    }

    /**
     * A copy that closes connections which receive nothing for this long.
     *
     * @param timeout the time, positive, or {@code null} for none
     * @return the copy
     * @throws IllegalArgumentException if zero or negative
     */
    public ServerLimits withIdleTimeout(Duration timeout) {
        ServerLimits copy = copy();
        copy.idleTimeout = positive(timeout, "idleTimeout");
        return copy;
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
        ServerLimits copy = copy();
        copy.handshakeTimeout = positive(Objects.requireNonNull(timeout, "timeout"), "handshakeTimeout");
        return copy;
    }

    /**
     * A copy whose line readers give up on lines longer than this.
     *
     * @param max bytes, with the newline, at least 1
     * @return the copy
     * @throws IllegalArgumentException if less than 1
     */
    public ServerLimits withMaxLineLength(int max) {
        ServerLimits copy = copy();
        copy.maxLineLength = atLeast(max, 1, "maxLineLength");
        return copy;
    }

    /**
     * A copy that closes an event-style connection once more than this many written bytes wait for its peer
     * ({@link Connection#pendingOutputBytes()}: writes from any thread count from the call, with an
     * estimate of what each queued write holds besides its bytes).
     *
     * @param max bytes, at least 1
     * @return the copy
     * @throws IllegalArgumentException if less than 1
     */
    public ServerLimits withMaxPendingOutputBytes(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxPendingOutputBytes < 1: " + max);
        }
        ServerLimits copy = copy();
        copy.maxPendingOutputBytes = max;
        return copy;
    }

    /**
     * A copy that lets a request-style datagram server serve at most this many datagrams at once (a
     * thread each under THREADS or VIRTUAL_THREADS): one more is dropped, counted and logged, instead of
     * making one more thread. A {@link Concurrency#boundedPool} drops once its threads and queue are full.
     *
     * @param max at least 1
     * @return the copy
     * @throws IllegalArgumentException if less than 1
     */
    public ServerLimits withMaxDatagramsInFlight(int max) {
        ServerLimits copy = copy();
        copy.maxDatagramsInFlight = atLeast(max, 1, "maxDatagramsInFlight");
        return copy;
    }

    private static int atLeast(int value, int least, String name) {
        if (value < least) {
            throw new IllegalArgumentException(name + " < " + least + ": " + value);
        }
        return value;
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

    /** @return the most connections one address may hold at once; 0 for no limit */
    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
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

    /** @return the most datagrams a request-style datagram server serves at once */
    public int maxDatagramsInFlight() {
        return maxDatagramsInFlight;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ServerLimits)) {
            return false;
        }
        ServerLimits other = (ServerLimits) o;
        return maxConnections == other.maxConnections && maxConnectionsPerAddress == other.maxConnectionsPerAddress
                && maxConnectionsPerSecondPerAddress == other.maxConnectionsPerSecondPerAddress
                && Objects.equals(idleTimeout, other.idleTimeout) && handshakeTimeout.equals(other.handshakeTimeout)
                && maxLineLength == other.maxLineLength && maxPendingOutputBytes == other.maxPendingOutputBytes
                && maxDatagramsInFlight == other.maxDatagramsInFlight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConnections, maxConnectionsPerAddress, maxConnectionsPerSecondPerAddress, idleTimeout, handshakeTimeout,
                maxLineLength, maxPendingOutputBytes, maxDatagramsInFlight);
    }

    @Override
    public String toString() {
        return "ServerLimits[maxConnections=" + maxConnections + ", perAddress=" + maxConnectionsPerAddress + ", perAddressPerSecond=" + maxConnectionsPerSecondPerAddress
                + ", idleTimeout=" + idleTimeout + ", handshakeTimeout=" + handshakeTimeout + ", maxLineLength="
                + maxLineLength + ", maxPendingOutputBytes=" + maxPendingOutputBytes + ", maxDatagramsInFlight="
                + maxDatagramsInFlight + "]";
    }
}
