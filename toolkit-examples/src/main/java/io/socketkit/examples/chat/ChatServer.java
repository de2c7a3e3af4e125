package io.socketkit.examples.chat;

import io.socketkit.examples.ExampleKind;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerLimits;
import io.socketkit.server.SocketServer;
import io.socketkit.spi.SocketProvider;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The chat server: an event-style server whose handlers share one room, its own {@link ChatRoom} or,
 * given a Redis address, a {@link ClusterRoom} spanning every chat server that shares that Redis.
 */
public final class ChatServer implements AutoCloseable {
    /** How long a client may take nothing while more than the bound waits for it, unless told otherwise. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(10);

    private final ChatRoom room;
    /** The link to the cluster's Redis, or null when alone. */
    private final RedisBroker broker;
    private final SocketServer server;
    /** The stall and idle checks. */
    private final ScheduledExecutorService checks;

    /**
     * Binds the chat server.
     *
     * @param kind tcp or unix
     * @param address where to listen
     * @param provider the provider
     * @param maxLine the longest line in bytes
     * @param maxClients the most clients at once
     * @param idleTimeout disconnect silent clients after this, or null for never
     * @throws IOException if binding fails
     */
    public ChatServer(ExampleKind kind, SocketAddress address, SocketProvider provider, int maxLine, int maxClients,
            Duration idleTimeout) throws IOException {
        this(kind, address, provider, new Settings(maxLine, maxClients, ChatRoom.DEFAULT_MAX_PENDING_BYTES,
                DEFAULT_STALL_TIMEOUT, idleTimeout, 0), null);
    }

    /**
     * The chat's limits.
     *
     * @param maxLine the longest line in bytes
     * @param maxClients the most clients at once
     * @param maxPendingBytes how much may wait for one client: past it, its talkers wait
     * @param stallTimeout how long a client with more than {@code maxPendingBytes} waiting may take nothing
     *     before it is disconnected
     * @param idleTimeout disconnect silent clients after this, or null for never
     * @param maxPerAddress the most clients from one address (all Unix clients are one), or 0 for no limit
     */
    public record Settings(int maxLine, int maxClients, long maxPendingBytes, Duration stallTimeout, Duration idleTimeout,
            int maxPerAddress) {
        /**
         * Checks the settings.
         *
         * @throws IllegalArgumentException if {@code maxPendingBytes} or {@code stallTimeout} is not positive,
         *     or {@code maxPerAddress} is negative
         */
        public Settings {
            if (maxPendingBytes <= 0) {
                throw new IllegalArgumentException("maxPendingBytes must be positive: " + maxPendingBytes);
            }
            if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
                throw new IllegalArgumentException("stallTimeout must be positive: " + stallTimeout);
            }
            if (maxPerAddress < 0) {
                throw new IllegalArgumentException("maxPerAddress must not be negative: " + maxPerAddress);
            }
        }
    }

    /**
     * Binds the chat server, maybe serving TLS.
     *
     * @param kind tcp or unix
     * @param address where to listen
     * @param provider the provider
     * @param settings the limits
     * @param ssl a server TLS context, or null for plain text
     * @throws IOException if binding fails
     * @throws IllegalArgumentException if the kind is not a stream kind
     */
    public ChatServer(ExampleKind kind, SocketAddress address, SocketProvider provider, Settings settings,
            io.socketkit.ssl.SslContext ssl) throws IOException {
        this(kind, address, provider, settings, ssl, false);
    }

    /**
     * Binds the chat server, maybe serving TLS, maybe replacing a stale Unix socket file.
     *
     * @param kind tcp or unix
     * @param address where to listen
     * @param provider the provider
     * @param settings the limits
     * @param ssl a server TLS context, or null for plain text
     * @param replaceStale unix: replace a socket file no process listens on
     * @throws IOException if binding fails
     * @throws IllegalArgumentException if the kind is not a stream kind
     */
    public ChatServer(ExampleKind kind, SocketAddress address, SocketProvider provider, Settings settings,
            io.socketkit.ssl.SslContext ssl, boolean replaceStale) throws IOException {
        this(kind, address, provider, settings, ssl, replaceStale, null);
    }

    /**
     * Binds the chat server, alone or as one server of a cluster sharing a Redis: then it connects to Redis
     * first (on this thread, bounded by a 2 s timeout) and fails if it cannot.
     *
     * @param kind tcp or unix
     * @param address where to listen
     * @param provider the provider
     * @param settings the limits
     * @param ssl a server TLS context, or null for plain text
     * @param replaceStale unix: replace a socket file no process listens on
     * @param cluster {@code redis://HOST:PORT}, or null to be alone
     * @throws IOException if binding fails, or Redis cannot be reached
     * @throws IllegalArgumentException if the kind is not a stream kind, or the Redis address does not parse
     */
    public ChatServer(ExampleKind kind, SocketAddress address, SocketProvider provider, Settings settings,
            io.socketkit.ssl.SslContext ssl, boolean replaceStale, String cluster) throws IOException {
        if (kind.type() != io.socketkit.SocketType.STREAM) {
            throw new IllegalArgumentException("the chat runs on tcp or unix, not " + kind.label());
        }
        Room shared;
        if (cluster == null) {
            this.broker = null;
            this.room = new ChatRoom(settings.maxClients(), settings.maxPendingBytes());
            shared = room;
        } else {
            this.broker = RedisBroker.connect(cluster);
            this.room = new ChatRoom(settings.maxClients(), settings.maxPendingBytes(), "-" + broker.instance());
            ClusterRoom clusterRoom = new ClusterRoom(room, broker);
            try {
                broker.start(clusterRoom);
            } catch (IOException | RuntimeException e) {
                broker.close();
                throw e;
            }
            shared = clusterRoom;
        }
        // The server's own bound on what waits for a connection is a backstop behind the room's: the bound,
        // plus a line from each talker that wrote before it saw the recipient full, plus as much again.
        long serverBound = Math.max(ServerLimits.defaults().maxPendingOutputBytes(),
                2 * settings.maxPendingBytes() + (long) settings.maxClients() * (settings.maxLine() + 64));
        ServerLimits limits = ServerLimits.defaults().withMaxPendingOutputBytes(serverBound);
        if (settings.maxPerAddress() > 0) {
            limits = limits.withMaxConnectionsPerAddress(settings.maxPerAddress());
        }
        int maxLine = settings.maxLine();
        try {
            this.server = new SocketServer(ServerConfig.events(kind.serverKind(), address, () -> new ChatHandler(shared, maxLine))
                    .withProvider(provider).withAllowReuseAddress(!kind.isUnix() || replaceStale).withRequestQueueSize(1024).withSsl(ssl)
                    .withLimits(limits));
        } catch (IOException | RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
        checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "chat-check");
            thread.setDaemon(true);
            return thread;
        });
        Duration idleTimeout = settings.idleTimeout();
        Duration stallTimeout = settings.stallTimeout();
        long shortest = idleTimeout == null ? stallTimeout.toMillis() : Math.min(idleTimeout.toMillis(), stallTimeout.toMillis());
        long period = Math.max(10, Math.min(1000, shortest / 4));
        checks.scheduleAtFixedRate(() -> {
            room.expireStalled(stallTimeout, System.nanoTime());
            if (idleTimeout != null) {
                room.expireIdle(idleTimeout);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * The server.
     *
     * @return the underlying server
     */
    public SocketServer server() {
        return server;
    }

    /**
     * This server's room: in a cluster, this server's clients only.
     *
     * @return who is online here
     */
    public ChatRoom room() {
        return room;
    }

    @Override
    public void close() {
        checks.shutdownNow();
        try {
            server.close();
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /**
     * In a cluster, this server's id (the end of its guests' names); null when alone.
     *
     * @return the id or null
     */
    public String clusterId() {
        return broker == null ? null : broker.instance();
    }
}
