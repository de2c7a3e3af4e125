package io.socketkit.server;

import io.socketkit.Errno;
import io.socketkit.internal.ThrottledLog;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One server's counters and admission rules, shared by {@link io.socketkit.server.SocketServer} and a
 * provider's event-style servers: every connection is admitted (or refused) here, every byte and error
 * counted here, every limit hit counted and logged here (at WARNING, at most once a second per limit,
 * with the number of hits since the last line). Thread-safe; the counting methods do not block and may
 * be called on an event loop.
 */
final class ServerAccounting implements ServerMetrics {
    private static final System.Logger LOG = System.getLogger(ServerAccounting.class.getName());
    private static final long SECOND = 1_000_000_000L;
    /** Past this many remembered addresses, windows older than a second are swept out. */
    private static final int SWEEP_AT = 4096;

    private final ServerLimits limits;
    private final String server;
    private final LongSupplier clock;
    private final LongAdder accepted = new LongAdder();
    private final AtomicLong active = new AtomicLong();
    private final LongAdder refused = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder truncated = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<Limit, LongAdder> hits = new EnumMap<>(Limit.class);
    private final ThrottledLog throttled;
    private final ConcurrentHashMap<Object, long[]> windows = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Object, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    /**
     * Counters for one server.
     *
     * @param limits the limits to admit connections by
     * @param server how the server is named in log lines
     */
    public ServerAccounting(ServerLimits limits, String server) {
        this(limits, server, System::nanoTime);
    }

    ServerAccounting(ServerLimits limits, String server, LongSupplier clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.server = Objects.requireNonNull(server, "server");
        this.clock = clock;
        this.throttled = new ThrottledLog(LOG, clock);
        for (Limit limit : Limit.values()) {
            hits.put(limit, new LongAdder());
        }
    }

    /** @return the limits this server keeps */
    public ServerLimits limits() {
        return limits;
    }

    /**
     * Admits a new connection, or refuses it: counts it as open and returns {@code true}, or counts the
     * refusal and the limit, logs, and returns {@code false} (the caller then closes it at once).
     *
     * @param remote the client's address, or {@code null} if unknown
     * @return whether to serve it
     */
    public boolean admit(SocketAddress remote) {
        if (active.incrementAndGet() > limits.maxConnections()) {
            active.decrementAndGet();
            refuse(Limit.MAX_CONNECTIONS, remote);
            return false;
        }
        if (limits.maxConnectionsPerSecondPerAddress() > 0 && !withinRate(remote)) {
            active.decrementAndGet();
            refuse(Limit.CONNECTION_RATE, remote);
            return false;
        }
        if (limits.maxConnectionsPerAddress() > 0
                && perAddress.computeIfAbsent(key(remote), k -> new AtomicInteger()).incrementAndGet()
                        > limits.maxConnectionsPerAddress()) {
            release(remote);
            active.decrementAndGet();
            refuse(Limit.CONNECTIONS_PER_ADDRESS, remote);
            return false;
        }
        accepted.increment();
        return true;
    }

    /** Rate and concurrency are per IP address (not port); every Unix client is the one address "local". */
    private static Object key(SocketAddress remote) {
        return remote instanceof InetSocketAddress && ((InetSocketAddress) remote).getAddress() != null
                ? ((InetSocketAddress) remote).getAddress() : "local";
    }

    private void release(SocketAddress remote) {
        perAddress.computeIfPresent(key(remote), (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /**
     * Refuses a Unix peer whose user is not allowed: counts it as refused and as a
     * {@link Limit#PEER_UID} hit, and logs.
     *
     * @param uid the peer's user id
     */
    public void refusePeer(int uid) {
        refuse(Limit.PEER_UID, "a process of uid " + uid);
    }

    private void refuse(Limit limit, Object remote) {
        refused.increment();
        limitHit(limit, "connection from " + remote + " refused");
    }

    /** Counts one more connection from this address in the current one-second window; false if over the rate. */
    private boolean withinRate(SocketAddress remote) {
        Object key = key(remote);
        long now = clock.getAsLong();
        if (windows.size() > SWEEP_AT) {
            windows.values().removeIf(w -> now - w[0] > SECOND);
        }
        long[] window = windows.compute(key, (k, w) -> {
            if (w == null || now - w[0] >= SECOND) {
                return new long[] {now, 1};
            }
            w[1]++;
            return w;
        });
        return window[1] <= limits.maxConnectionsPerSecondPerAddress();
    }

    /**
     * A connection admitted by {@link #admit} has closed.
     *
     * @param remote the client's address, as given to {@code admit}
     */
    public void closed(SocketAddress remote) {
        active.decrementAndGet();
        if (limits.maxConnectionsPerAddress() > 0) {
            release(remote);
        }
    }

    /**
     * A request refused by the server itself ({@code verifyRequest}), not by a limit.
     */
    public void refusedByServer() {
        refused.increment();
    }

    /**
     * Payload bytes received.
     *
     * @param bytes how many
     */
    public void received(long bytes) {
        received.add(bytes);
    }

    /**
     * Payload bytes sent.
     *
     * @param bytes how many
     */
    public void sent(long bytes) {
        sent.add(bytes);
    }

    /** A datagram was cut to {@code maxPacketSize}. */
    public void truncated() {
        truncated.increment();
    }

    /** A datagram was received and not served. */
    public void dropped() {
        dropped.increment();
    }

    /**
     * A connection or request ended with this error.
     *
     * @param error the error
     */
    public void error(Throwable error) {
        Errno errno = Errno.of(error);
        String kind = errno != null ? errno.name() : error.getClass().getSimpleName();
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /**
     * A limit was hit: counted, and logged unless another hit of it was logged less than a second ago.
     *
     * @param limit the limit
     * @param what what was done about it, for the log
     */
    public void limitHit(Limit limit, String what) {
        hits.get(limit).increment();
        throttled.log(limit, System.Logger.Level.WARNING, server + ": " + limit + " hit: " + what, null);
    }

    @Override
    public long accepted() {
        return accepted.sum();
    }

    @Override
    public long active() {
        return active.get();
    }

    @Override
    public long refused() {
        return refused.sum();
    }

    @Override
    public long bytesReceived() {
        return received.sum();
    }

    @Override
    public long bytesSent() {
        return sent.sum();
    }

    @Override
    public long truncatedDatagrams() {
        return truncated.sum();
    }

    @Override
    public long droppedDatagrams() {
        return dropped.sum();
    }

    @Override
    public Map<String, Long> errors() {
        Map<String, Long> snapshot = new TreeMap<>();
        errors.forEach((kind, count) -> snapshot.put(kind, count.sum()));
        return java.util.Collections.unmodifiableMap(snapshot);
    }

    @Override
    public Map<Limit, Long> limitHits() {
        Map<Limit, Long> snapshot = new EnumMap<>(Limit.class);
        hits.forEach((limit, count) -> snapshot.put(limit, count.sum()));
        return java.util.Collections.unmodifiableMap(snapshot);
    }

    @Override
    public String toString() {
        return "ServerMetrics[accepted=" + accepted() + ", active=" + active() + ", refused=" + refused() + ", in="
                + bytesReceived() + ", out=" + bytesSent() + ", errors=" + errors() + ", limits=" + limitHits() + "]";
    }
}
