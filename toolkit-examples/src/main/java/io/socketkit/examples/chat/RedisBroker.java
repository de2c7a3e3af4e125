package io.socketkit.examples.chat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.IOException;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chat cluster's link to Redis, through Lettuce: one pub/sub connection that hears the cluster's
 * events, one connection for everything else, and presence kept in Redis.
 *
 * <h2>What is in Redis</h2>
 * Under the prefix {@code socketkit:chat:}: the channel {@code events}; the hash {@code nicks}, nickname
 * to owner ({@code INSTANCE/MEMBER}, {@link RedisPresence}); and per server a key {@code alive:INSTANCE}
 * that it sets every {@value #HEARTBEAT_SECONDS} s to expire after {@value #ALIVE_SECONDS} s. A nickname
 * whose owner's server is not alive is free: a server that died leaves no name behind for longer than that.
 *
 * <h2>Up and down</h2>
 * The link is up once both connections are connected, subscribed and this server's members are
 * registered again ({@link #recover}); it goes down at the first disconnection of either, or when a
 * heartbeat gets no answer within {@value #TIMEOUT_SECONDS} s (TCP keep-alive closes a silent connection
 * after about 8 s). Lettuce
 * reconnects by itself (after 100 ms, doubling to 5 s); commands asked while disconnected fail at once
 * rather than wait in Lettuce's buffer, so nothing of an outage is replayed late. Going down is logged
 * once (WARNING), coming back once (INFO, with how long it took and what was not relayed meanwhile);
 * a relay that fails while up is logged at most once every {@value #LOG_EVERY_SECONDS} s, with the count.
 *
 * <h2>Threads</h2>
 * No method blocks but {@link #connect} and {@link #close} (the main thread's, with timeouts). Lettuce
 * runs on its own Netty event loops (two I/O threads, two for completions); the {@link Listener} is called
 * there and must not block either.
 */
final class RedisBroker implements AutoCloseable {
    /** What the cluster hears through the link; called on Lettuce's threads. */
    interface Listener {
        /**
         * An event published by a server of the cluster (this one's too).
         *
         * @param payload the event
         */
        void onEvent(String payload);

        /** The link went down: events are neither sent nor heard until {@link #onUp}. */
        void onDown();

        /**
         * The link is back and this server's members are registered again, but for these.
         *
         * @param lost nicknames that another server's members took meanwhile
         */
        void onUp(List<String> lost);

        /**
         * This server's members now, to register again after an outage.
         *
         * @return nickname to owner
         */
        Map<String, String> owners();
    }

    static final int HEARTBEAT_SECONDS = 5;
    static final int ALIVE_SECONDS = 15;
    static final int LOG_EVERY_SECONDS = 10;
    static final int TIMEOUT_SECONDS = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS);
    private static final String PREFIX = "socketkit:chat:";
    private static final String CHANNEL = PREFIX + "events";
    static final String ALIVE = PREFIX + "alive:";
    private static final System.Logger LOG = System.getLogger(RedisBroker.class.getName());

    private final RedisURI uri;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> events;
    private final RedisAsyncCommands<String, String> redis;
    private final String instance;
    private final RedisPresence presence;
    private volatile Listener listener;
    private ScheduledFuture<?> heartbeat;
    /** Up: connected, subscribed, registered. Recovering: a resync under way. */
    private final AtomicBoolean up = new AtomicBoolean();
    private final AtomicBoolean recovering = new AtomicBoolean();
    private volatile boolean closed;
    private volatile long downSinceNanos;
    /** Relays (lines, joins, renames...) not sent since the last report. */
    private final AtomicLong unrelayed = new AtomicLong();
    private final AtomicLong lastFailureLogNanos = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS));

    private RedisBroker(RedisURI uri, ClientResources resources, RedisClient client, StatefulRedisConnection<String, String> commands,
            StatefulRedisPubSubConnection<String, String> events, String instance) {
        this.uri = uri;
        this.resources = resources;
        this.client = client;
        this.commands = commands;
        this.events = events;
        this.redis = commands.async();
        this.instance = instance;
        this.presence = new RedisPresence(redis, instance, this::failed);
    }

    /**
     * Connects to Redis and picks this server's id (one no live server has); on the calling thread.
     *
     * @param address {@code redis://HOST:PORT} (Lettuce's URI syntax: {@code rediss://}, a password, a database)
     * @return the link, not yet listening ({@link #start})
     * @throws IOException if Redis cannot be reached within the timeout
     * @throws IllegalArgumentException if the address does not parse
     */
    static RedisBroker connect(String address) throws IOException {
        RedisURI uri = RedisURI.create(address);
        uri.setTimeout(TIMEOUT);
        // Lettuce takes epoll where it has both epoll and io_uring, warning each time it checks: say it once.
        if (System.getProperty("io.lettuce.core.iouring") == null) {
            System.setProperty("io.lettuce.core.iouring", "false");
        }
        // Lettuce's least: two I/O threads (one per connection here), two for completions.
        ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS)).build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(65_536)
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT)
                        // A Redis that went silent (no FIN, no RST) closes the connection after about 8 s.
                        .keepAlive(SocketOptions.KeepAliveOptions.builder().enable().idle(Duration.ofSeconds(5))
                                .interval(Duration.ofSeconds(1)).count(3).build())
                        .build())
                .build());
        try {
            StatefulRedisConnection<String, String> commands = client.connect();
            StatefulRedisPubSubConnection<String, String> events = client.connectPubSub();
            SecureRandom random = new SecureRandom();
            for (int attempt = 0; attempt < 10; attempt++) {
                // Four base-36 characters: short in guest names; the SET NX makes it unique among live servers.
                String id = Integer.toString(46_656 + random.nextInt(1_632_960), 36);
                String set = commands.sync().set(ALIVE + id, "1", SetArgs.Builder.nx().px(TimeUnit.SECONDS.toMillis(ALIVE_SECONDS)));
                if ("OK".equals(set)) {
                    return new RedisBroker(uri, resources, client, commands, events, id);
                }
            }
            throw new IOException("no free server id at " + shown(uri) + " after 10 tries");
        } catch (RuntimeException | IOException e) {
            client.shutdown(Duration.ZERO, TIMEOUT);
            resources.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot reach the cluster's Redis at " + shown(uri) + ": " + rootMessage(e), e);
        }
    }

    /**
     * Starts listening: subscribes (on the calling thread), then watches the connections and keeps this
     * server alive in Redis.
     *
     * @param listener what hears the cluster
     * @throws IOException if the subscription fails
     */
    void start(Listener listener) throws IOException {
        this.listener = listener;
        events.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                if (CHANNEL.equals(channel)) {
                    listener.onEvent(message);
                }
            }
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                recover();
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                lost("disconnected");
            }
        });
        try {
            events.sync().subscribe(CHANNEL);
        } catch (RuntimeException e) {
            throw new IOException("cannot subscribe at " + shown(uri) + ": " + rootMessage(e), e);
        }
        up.set(true);
        LOG.log(System.Logger.Level.INFO, "cluster: one room with every chat server using Redis at {0}; this server is {1}", shown(uri), instance);
        heartbeat = resources.eventExecutorGroup().scheduleAtFixedRate(this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * This server's id in the cluster: four characters of {@code 0-9a-z}.
     *
     * @return the id
     */
    String instance() {
        return instance;
    }

    /**
     * Whether events are sent and heard now.
     *
     * @return true while up
     */
    boolean isUp() {
        return up.get();
    }

    /**
     * Sends an event to every server of the cluster (this one too), at most once: while down, or if Redis
     * does not take it, it is counted as not relayed.
     *
     * @param payload the event
     */
    void publish(String payload) {
        if (!up.get()) {
            unrelayed.incrementAndGet();
            return;
        }
        redis.publish(CHANNEL, payload).whenComplete((receivers, error) -> {
            if (error != null) {
                failed("relay", error);
            }
        });
    }

    /**
     * Who is online in Redis, through this link.
     *
     * @return the presence
     */
    RedisPresence presence() {
        return presence;
    }

    /** A connection dropped, or the heartbeat failed: down, once per outage. */
    private void lost(String why) {
        if (closed || !up.compareAndSet(true, false)) {
            return;
        }
        downSinceNanos = System.nanoTime();
        LOG.log(System.Logger.Level.WARNING, "cluster: lost Redis at {0} ({1}); until it is back, lines reach this server''s clients only,"
                + " /nick waits and /who shows this server", shown(uri), why);
        listener.onDown();
    }

    /**
     * A connection (re)connected, or the heartbeat found the link down: once both are open, subscribe
     * again and register this server's members again; then up. One attempt at a time.
     */
    private void recover() {
        if (closed || up.get() || !commands.isOpen() || !events.isOpen() || !recovering.compareAndSet(false, true)) {
            return;
        }
        Map<String, String> owners = listener.owners();
        events.async().subscribe(CHANNEL)
                .thenCompose(subscribed -> presence.resync(owners))
                .whenComplete((lost, error) -> {
                    recovering.set(false);
                    if (error != null) {
                        // The next connection event or heartbeat tries again.
                        return;
                    }
                    if (closed || !up.compareAndSet(false, true)) {
                        return;
                    }
                    long gapMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSinceNanos);
                    LOG.log(System.Logger.Level.INFO, "cluster: Redis at {0} is back after {1} ms; {2} event(s) of this server"
                            + " were not relayed meanwhile; {3} nickname(s) taken elsewhere meanwhile: {4}", shown(uri), gapMillis,
                            unrelayed.getAndSet(0), lost.size(), lost);
                    listener.onUp(lost);
                });
    }

    /**
     * Every few seconds: this server is alive (while up; no answer within the timeout is an outage); or
     * another try at coming back (while down).
     */
    private void beat() {
        if (!up.get()) {
            recover();
            return;
        }
        redis.set(ALIVE + instance, "1", SetArgs.Builder.px(TimeUnit.SECONDS.toMillis(ALIVE_SECONDS))).whenComplete((ok, error) -> {
            if (error != null) {
                // Connected as far as Lettuce knows, but Redis does not answer in time: treat it as gone.
                lost("heartbeat: " + rootMessage(error));
            }
        });
    }

    /** Counts a failure (also {@link RedisPresence}'s); a log line at most once every {@value #LOG_EVERY_SECONDS} s, while up (an outage has its own). */
    void failed(String what, Throwable error) {
        long count = unrelayed.incrementAndGet();
        long now = System.nanoTime();
        long last = lastFailureLogNanos.get();
        if (up.get() && now - last >= TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS) && lastFailureLogNanos.compareAndSet(last, now)) {
            unrelayed.set(0);
            LOG.log(System.Logger.Level.WARNING, "cluster: a {0} to Redis at {1} failed ({2}); {3} failure(s) since the last report",
                    what, shown(uri), rootMessage(error), count);
        }
    }

    /** Gives this server's nicknames back and disconnects; on the calling thread, bounded by the timeout. */
    @Override
    public void close() {
        closed = true;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        // A thread stopped by an interrupt still gives the names back (bounded by the timeout); the flag is kept.
        boolean interrupted = Thread.interrupted();
        try {
            if (commands.isOpen()) {
                commands.sync().eval(RedisPresence.FORGET, ScriptOutputType.INTEGER, new String[] {RedisPresence.NICKS}, ALIVE, instance);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster: could not remove this server''s nicknames from Redis at {0} ({1});"
                    + " they are free again in {2} s", shown(uri), rootMessage(e), ALIVE_SECONDS);
        } finally {
            client.shutdown(Duration.ZERO, TIMEOUT);
            resources.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The address without a password. */
    static String shown(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort();
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
