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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
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
 * to owner ({@code INSTANCE/MEMBER}); and per server a key {@code alive:INSTANCE} that it sets every
 * {@value #HEARTBEAT_SECONDS} s to expire after {@value #ALIVE_SECONDS} s. A nickname whose owner's server
 * is not alive is free: a server that died leaves no name behind for longer than that. Every change is a
 * Lua script, so each is atomic.
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
    private static final String NICKS = PREFIX + "nicks";
    private static final String ALIVE = PREFIX + "alive:";
    private static final System.Logger LOG = System.getLogger(RedisBroker.class.getName());

    /** Whether an owner's server is alive: ARGV[1] is the alive prefix. */
    private static final String ALIVE_FN = "local function alive(owner) "
            + "return redis.call('EXISTS', ARGV[1] .. string.match(owner, '^[^/]+')) == 1 end ";
    /** ARGV: prefix, nick, owner. 1 if claimed; 0 if a live member has it (this server's own too). */
    private static final String CLAIM = ALIVE_FN
            + "local owner = redis.call('HGET', KEYS[1], ARGV[2]) "
            + "if owner and alive(owner) then return 0 end "
            + "redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) return 1";
    /** ARGV: prefix, nick, owner. Removes the nick if that owner has it. */
    private static final String RELEASE = "if redis.call('HGET', KEYS[1], ARGV[2]) == ARGV[3] then "
            + "redis.call('HDEL', KEYS[1], ARGV[2]) end return 1";
    /** ARGV: prefix, this server's owner prefix. The nicks of other servers' live members; those of dead servers are removed. */
    private static final String WHO = ALIVE_FN
            + "local all = redis.call('HGETALL', KEYS[1]) local out = {} "
            + "for i = 1, #all, 2 do if not alive(all[i + 1]) then redis.call('HDEL', KEYS[1], all[i]) "
            + "elseif string.sub(all[i + 1], 1, #ARGV[2]) ~= ARGV[2] then out[#out + 1] = all[i] end end return out";
    /** ARGV: prefix, nick, owner-to-exclude-prefix. 1 if a live member of another server has the nick. */
    private static final String ONLINE = ALIVE_FN
            + "local owner = redis.call('HGET', KEYS[1], ARGV[2]) "
            + "if owner and alive(owner) and string.sub(owner, 1, #ARGV[3]) ~= ARGV[3] then return 1 end return 0";
    /**
     * ARGV: prefix, instance, alive ms, then nick and owner pairs. Marks the server alive, drops every
     * nick it had, claims its members' again; returns those a live member of another server has now.
     */
    private static final String RESYNC = ALIVE_FN
            + "redis.call('SET', ARGV[1] .. ARGV[2], '1', 'PX', ARGV[3]) "
            + "local mine = ARGV[2] .. '/' local all = redis.call('HGETALL', KEYS[1]) "
            + "for i = 1, #all, 2 do if string.sub(all[i + 1], 1, #mine) == mine then redis.call('HDEL', KEYS[1], all[i]) end end "
            + "local lost = {} for i = 4, #ARGV, 2 do local owner = redis.call('HGET', KEYS[1], ARGV[i]) "
            + "if owner and alive(owner) then lost[#lost + 1] = ARGV[i] else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end end "
            + "return lost";
    /** ARGV: prefix, instance. This server's nicks and its alive key, gone. */
    private static final String FORGET = "local mine = ARGV[2] .. '/' local all = redis.call('HGETALL', KEYS[1]) "
            + "for i = 1, #all, 2 do if string.sub(all[i + 1], 1, #mine) == mine then redis.call('HDEL', KEYS[1], all[i]) end end "
            + "redis.call('DEL', ARGV[1] .. ARGV[2]) return 1";

    private final RedisURI uri;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> events;
    private final RedisAsyncCommands<String, String> redis;
    private final String instance;
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
     * Claims a nickname for an owner, unless a live member has it (one of this server's too). Commands go
     * out in call order on one connection: a claim asked while a resync is under way comes after it.
     *
     * @param nick the nickname
     * @param owner {@code INSTANCE/MEMBER}
     * @return whether it is the owner's now; fails if Redis does not answer
     */
    CompletionStage<Boolean> claim(String nick, String owner) {
        return this.<Long>eval(CLAIM, ScriptOutputType.INTEGER, nick, owner).thenApply(claimed -> claimed == 1L);
    }

    /**
     * Gives a nickname back, if that owner has it.
     *
     * @param nick the nickname
     * @param owner {@code INSTANCE/MEMBER}
     */
    void release(String nick, String owner) {
        // Sent even while down: rejected at once if disconnected (the next resync drops every nickname this
        // server had and registers its members again), and after the resync if it is under way.
        this.<Long>eval(RELEASE, ScriptOutputType.INTEGER, nick, owner).whenComplete((done, error) -> {
            if (error != null) {
                failed("release of a nickname", error);
            }
        });
    }

    /**
     * The nicknames of the other servers' live members, in no order.
     *
     * @return the names; fails if Redis does not answer
     */
    CompletionStage<List<String>> whoElsewhere() {
        return this.<List<String>>eval(WHO, ScriptOutputType.MULTI, instance + "/");
    }

    /**
     * Whether a live member of another server has this nickname.
     *
     * @param nick the nickname
     * @return the answer; fails if Redis does not answer
     */
    CompletionStage<Boolean> isOnlineElsewhere(String nick) {
        return this.<Long>eval(ONLINE, ScriptOutputType.INTEGER, nick, instance + "/").thenApply(online -> online == 1L);
    }

    private <T> CompletionStage<T> eval(String script, ScriptOutputType type, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = ALIVE;
        System.arraycopy(args, 0, argv, 1, args.length);
        return redis.<T>eval(script, type, new String[] {NICKS}, argv);
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
        List<String> argv = new ArrayList<>(List.of(ALIVE, instance, Long.toString(TimeUnit.SECONDS.toMillis(ALIVE_SECONDS))));
        owners.forEach((nick, owner) -> {
            argv.add(nick);
            argv.add(owner);
        });
        events.async().subscribe(CHANNEL)
                .thenCompose(subscribed -> redis.<List<String>>eval(RESYNC, ScriptOutputType.MULTI, new String[] {NICKS}, argv.toArray(new String[0])))
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

    /** Counts a failure; a log line at most once every {@value #LOG_EVERY_SECONDS} s, while up (an outage has its own). */
    private void failed(String what, Throwable error) {
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
                commands.sync().eval(FORGET, ScriptOutputType.INTEGER, new String[] {NICKS}, ALIVE, instance);
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
