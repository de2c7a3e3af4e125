package io.socketkit.server;

import io.socketkit.AddressFamily;
import io.socketkit.spi.SocketProvider;
import io.socketkit.ssl.SslContext;
import java.net.SocketAddress;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a {@link SocketServer} is made from: an immutable value, changed by copies, with Python's
 * class attributes as settings.
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.tcp(new InetSocketAddress("127.0.0.1", 0), EchoHandler::new)
 *         .withConcurrency(Concurrency.THREADS)
 *         .withAllowReuseAddress(true);
 * }</pre>
 *
 * <table>
 * <caption>Settings and their defaults</caption>
 * <tr><th>setting</th><th>Python</th><th>default</th></tr>
 * <tr><td>{@code concurrency}</td><td>the mix-in</td><td>{@link Concurrency#SERIAL}</td></tr>
 * <tr><td>{@code bindAndActivate}</td><td>{@code bind_and_activate}</td><td>true</td></tr>
 * <tr><td>{@code allowReuseAddress}</td><td>{@code allow_reuse_address}</td><td>false</td></tr>
 * <tr><td>{@code allowReusePort}</td><td>{@code allow_reuse_port}</td><td>false</td></tr>
 * <tr><td>{@code requestQueueSize}</td><td>{@code request_queue_size}</td><td>128 (Python's 5 drops bursts)</td></tr>
 * <tr><td>{@code timeout}</td><td>{@code timeout}</td><td>null (none)</td></tr>
 * <tr><td>{@code daemonThreads}</td><td>{@code daemon_threads}</td><td>false</td></tr>
 * <tr><td>{@code blockOnClose}</td><td>{@code block_on_close}</td><td>true</td></tr>
 * <tr><td>{@code shutdownGrace}</td><td>—</td><td>null (requests in flight may take as long as they take)</td></tr>
 * <tr><td>{@code maxPacketSize}</td><td>{@code max_packet_size}</td><td>8192</td></tr>
 * <tr><td>{@code disableNagle}</td><td>{@code disable_nagle_algorithm} (handler)</td><td>false</td></tr>
 * <tr><td>{@code ssl}</td><td>{@code context.wrap_socket(..., server_side=True)}</td><td>null (plain)</td></tr>
 * <tr><td>{@code unixPermissions}</td><td>{@code os.chmod(path, mode)} after bind</td><td>null (as bind made it)</td></tr>
 * <tr><td>{@code allowedPeerUids}</td><td>—</td><td>null (any peer)</td></tr>
 * <tr><td>{@code limits}</td><td>—</td><td>{@link ServerLimits#defaults()}</td></tr>
 * <tr><td>{@code provider}</td><td>—</td><td>{@link io.socketkit.Sockets#provider()}</td></tr>
 * </table>
 *
 * <p>Two handler styles, a {@link Style}: {@link Requests request handlers} ({@link #of}, {@link #tcp}, ...),
 * blocking code under the concurrency policy, as in Python; and event handlers ({@link StreamEvents},
 * {@link DatagramEvents}: {@link #events}, {@link #datagramEvents}), run on the provider's event loops. The
 * settings about threads and requests ({@code concurrency}, {@code timeout}, {@code daemonThreads},
 * {@code blockOnClose}, {@code shutdownGrace}) belong to the first style: an event-style config cannot
 * carry them (their {@code with...} throws {@link IllegalStateException}).
 *
 * <p>Instances are immutable (every field final): each {@code with...} returns a changed copy.
 */
public final class ServerConfig {
    private final ServerKind kind;
    private final SocketAddress address;
    private final Style style;
    private final boolean bindAndActivate;
    private final boolean allowReuseAddress;
    private final boolean allowReusePort;
    private final int requestQueueSize;
    private final int maxPacketSize;
    private final boolean disableNagle;
    private final ServerLimits limits;
    private final SslContext ssl;
    private final Set<PosixFilePermission> unixPermissions;
    private final Set<Integer> allowedPeerUids;
    private final SocketProvider provider;
    private final List<ProviderOption> providerOptions;
    /** What an event-style server answers for the request handlers' settings. */
    private static final Requests NO_REQUESTS = new Requests(() -> null, Concurrency.SERIAL, null, false, true, null);

    /** How a server's handlers are made and run: request handlers, or event handlers of one of two kinds. */
    public sealed interface Style permits Requests, StreamEvents, DatagramEvents {
    }

    /**
     * Request handlers (Python's), with the settings about their threads.
     *
     * @param handler makes a handler per request
     * @param concurrency the policy (the mix-in); {@link Concurrency#SERIAL} by default
     * @param timeout how long {@link SocketServer#handleRequest()} waits, or {@code null} for no bound
     * @param daemonThreads whether request threads are daemons ({@code daemon_threads})
     * @param blockOnClose whether {@code close} waits for requests in flight ({@code block_on_close})
     * @param shutdownGrace how long requests in flight may go on once the server stops; {@code null} for no bound
     */
    public record Requests(Supplier<? extends RequestHandler> handler, Concurrency concurrency, Duration timeout,
            boolean daemonThreads, boolean blockOnClose, Duration shutdownGrace) implements Style {
        /**
         * Checks the settings.
         *
         * @param handler makes a handler per request
         * @param concurrency the policy
         * @param timeout how long {@code handleRequest} waits, or {@code null}
         * @param daemonThreads whether request threads are daemons
         * @param blockOnClose whether {@code close} waits for requests in flight
         * @param shutdownGrace how long requests in flight may go on once the server stops, or {@code null}
         * @throws NullPointerException if {@code handler} or {@code concurrency} is null
         * @throws IllegalArgumentException if {@code timeout} or {@code shutdownGrace} is negative
         */
        public Requests {
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(concurrency, "concurrency");
            if (timeout != null && timeout.isNegative()) {
                throw new IllegalArgumentException("timeout < 0: " + timeout);
            }
            if (shutdownGrace != null && shutdownGrace.isNegative()) {
                throw new IllegalArgumentException("grace < 0: " + shutdownGrace);
            }
        }
    }

    /**
     * Event handlers of a stream server, one made per connection and called on its event loop.
     *
     * @param handler makes a handler per connection
     */
    public record StreamEvents(Supplier<? extends StreamEventHandler> handler) implements Style {
        /**
         * Checks the factory.
         *
         * @param handler makes a handler per connection
         * @throws NullPointerException if {@code handler} is null
         */
        public StreamEvents {
            Objects.requireNonNull(handler, "handler");
        }
    }

    /**
     * The one event handler of a datagram server, called per datagram on the event loop.
     *
     * @param handler the handler
     */
    public record DatagramEvents(DatagramEventHandler handler) implements Style {
        /**
         * Checks the handler.
         *
         * @param handler the handler
         * @throws NullPointerException if {@code handler} is null
         */
        public DatagramEvents {
            Objects.requireNonNull(handler, "handler");
        }
    }

    /**
     * An option only a provider understands ({@link #withProviderOption}): the provider's own option types
     * implement it, checked where they are made (for Netty, {@code io.socketkit.netty.NettyServerOptions}).
     */
    public interface ProviderOption {
    }

    /** The settings, mutable, while a copy is made: each {@code with...} changes one and freezes the copy. */
    private static final class Fields {
        Style style;
        boolean bindAndActivate = true;
        boolean allowReuseAddress;
        boolean allowReusePort;
        int requestQueueSize = 128;
        int maxPacketSize = 8192;
        boolean disableNagle;
        ServerLimits limits = ServerLimits.defaults();
        SslContext ssl;
        Set<PosixFilePermission> unixPermissions;
        Set<Integer> allowedPeerUids;
        SocketProvider provider;
        List<ProviderOption> providerOptions = List.of();
    }

    /** The request handlers' settings, mutable, while a copy is made. */
    private static final class RequestFields {
        Concurrency concurrency;
        Duration timeout;
        boolean daemonThreads;
        boolean blockOnClose;
        Duration shutdownGrace;
    }

    private ServerConfig(ServerKind kind, SocketAddress address, Fields f) {
        Objects.requireNonNull(kind, "kind");
        if (!kind.accepts(AddressFamily.of(address))) {
            throw new IllegalArgumentException(kind + " cannot listen on a " + AddressFamily.of(address) + " address: " + address);
        }
        this.kind = kind;
        this.address = address;
        this.style = f.style;
        this.bindAndActivate = f.bindAndActivate;
        this.allowReuseAddress = f.allowReuseAddress;
        this.allowReusePort = f.allowReusePort;
        this.requestQueueSize = f.requestQueueSize;
        this.maxPacketSize = f.maxPacketSize;
        this.disableNagle = f.disableNagle;
        this.limits = f.limits;
        this.ssl = f.ssl;
        this.unixPermissions = f.unixPermissions;
        this.allowedPeerUids = f.allowedPeerUids;
        this.provider = f.provider;
        this.providerOptions = f.providerOptions;
    }

    private static ServerConfig create(ServerKind kind, SocketAddress address, Style style) {
        Fields f = new Fields();
        f.style = style;
        return new ServerConfig(kind, address, f);
    }

    /** A copy with {@code change} made to the settings. */
    private ServerConfig change(Consumer<Fields> change) {
        Fields f = new Fields();
        f.style = style;
        f.bindAndActivate = bindAndActivate;
        f.allowReuseAddress = allowReuseAddress;
        f.allowReusePort = allowReusePort;
        f.requestQueueSize = requestQueueSize;
        f.maxPacketSize = maxPacketSize;
        f.disableNagle = disableNagle;
        f.limits = limits;
        f.ssl = ssl;
        f.unixPermissions = unixPermissions;
        f.allowedPeerUids = allowedPeerUids;
        f.provider = provider;
        f.providerOptions = providerOptions;
        change.accept(f);
        return new ServerConfig(kind, address, f);
    }

    /** A copy with {@code change} made to the request handlers' settings; refused for an event-style config. */
    private ServerConfig withRequests(Consumer<RequestFields> change) {
        if (!(style instanceof Requests)) {
            throw new IllegalStateException("an event-style server runs its handlers on the event loops: threads,"
                    + " timeouts and grace are settings of request handlers (" + this + ")");
        }
        Requests now = (Requests) style;
        RequestFields r = new RequestFields();
        r.concurrency = now.concurrency();
        r.timeout = now.timeout();
        r.daemonThreads = now.daemonThreads();
        r.blockOnClose = now.blockOnClose();
        r.shutdownGrace = now.shutdownGrace();
        change.accept(r);
        Requests changed = new Requests(now.handler(), r.concurrency, r.timeout, r.daemonThreads, r.blockOnClose,
                r.shutdownGrace);
        return change(f -> f.style = changed);
    }

    /**
     * A request-handler server of this kind on this address, with Python's defaults.
     *
     * @param kind the kind
     * @param address where to listen; port 0 picks one
     * @param handler makes a handler per request: a constructor reference
     * @return the configuration
     * @throws IllegalArgumentException if the address's family does not suit the kind
     */
    public static ServerConfig of(ServerKind kind, SocketAddress address, Supplier<? extends RequestHandler> handler) {
        return create(kind, address, new Requests(handler, Concurrency.SERIAL, null, false, true, null));
    }

    /**
     * An event-style stream server (TCP or UNIX_STREAM): handlers called on the event loop.
     *
     * @param kind TCP or UNIX_STREAM
     * @param address where to listen
     * @param handler makes a handler per connection
     * @return the configuration
     * @throws IllegalArgumentException if the kind is not a stream kind or does not suit the address
     */
    public static ServerConfig events(ServerKind kind, SocketAddress address, Supplier<? extends StreamEventHandler> handler) {
        if (!kind.isStream()) {
            throw new IllegalArgumentException(kind + " is a datagram kind: use datagramEvents");
        }
        return create(kind, address, new StreamEvents(handler));
    }

    /**
     * An event-style datagram server (UDP or UNIX_DATAGRAM): one handler, called per datagram on the event loop.
     *
     * @param kind UDP or UNIX_DATAGRAM
     * @param address where to listen
     * @param handler the handler
     * @return the configuration
     * @throws IllegalArgumentException if the kind is not a datagram kind or does not suit the address
     */
    public static ServerConfig datagramEvents(ServerKind kind, SocketAddress address, DatagramEventHandler handler) {
        if (kind.isStream()) {
            throw new IllegalArgumentException(kind + " is a stream kind: use events");
        }
        return create(kind, address, new DatagramEvents(handler));
    }

    /**
     * {@code TCPServer(address, Handler)}.
     *
     * @param address an INET or INET6 address
     * @param handler makes a handler per request
     * @return the configuration
     */
    public static ServerConfig tcp(SocketAddress address, Supplier<? extends RequestHandler> handler) {
        return of(ServerKind.TCP, address, handler);
    }

    /**
     * {@code UDPServer(address, Handler)}.
     *
     * @param address an INET or INET6 address
     * @param handler makes a handler per datagram
     * @return the configuration
     */
    public static ServerConfig udp(SocketAddress address, Supplier<? extends RequestHandler> handler) {
        return of(ServerKind.UDP, address, handler);
    }

    /**
     * {@code UnixStreamServer(path, Handler)}.
     *
     * @param address a Unix address
     * @param handler makes a handler per request
     * @return the configuration
     */
    public static ServerConfig unixStream(SocketAddress address, Supplier<? extends RequestHandler> handler) {
        return of(ServerKind.UNIX_STREAM, address, handler);
    }

    /**
     * {@code UnixDatagramServer(path, Handler)}.
     *
     * @param address a Unix address
     * @param handler makes a handler per datagram
     * @return the configuration
     */
    public static ServerConfig unixDatagram(SocketAddress address, Supplier<? extends RequestHandler> handler) {
        return of(ServerKind.UNIX_DATAGRAM, address, handler);
    }

    /**
     * A copy with this concurrency policy (the mix-in).
     *
     * @param concurrency the policy
     * @return the copy
     * @throws IllegalStateException for an event-style config (its handlers run on the event loops)
     */
    public ServerConfig withConcurrency(Concurrency concurrency) {
        return withRequests(r -> r.concurrency = Objects.requireNonNull(concurrency, "concurrency"));
    }

    /**
     * A copy that binds and listens on construction, or not ({@code bind_and_activate}); when not, call
     * {@link SocketServer#serverBind()} and {@link SocketServer#serverActivate()}.
     *
     * @param bindAndActivate the flag
     * @return the copy
     */
    public ServerConfig withBindAndActivate(boolean bindAndActivate) {
        return change(f -> f.bindAndActivate = bindAndActivate);
    }

    /**
     * A copy that sets SO_REUSEADDR before binding ({@code allow_reuse_address}). For a Unix address it
     * means: a socket file left at the path by a process that is gone (nothing accepts a connection
     * on it) is removed before binding; a live one, or any file that is not a socket, still makes the
     * bind fail with EADDRINUSE.
     *
     * @param allow the flag
     * @return the copy
     */
    public ServerConfig withAllowReuseAddress(boolean allow) {
        return change(f -> f.allowReuseAddress = allow);
    }

    /**
     * A copy that sets SO_REUSEPORT before binding ({@code allow_reuse_port}).
     *
     * @param allow the flag
     * @return the copy
     * @throws IllegalArgumentException for a Unix address (Linux 6.12.9+ rejects SO_REUSEPORT there)
     */
    public ServerConfig withAllowReusePort(boolean allow) {
        if (allow && AddressFamily.of(address) == AddressFamily.UNIX) {
            throw new IllegalArgumentException("SO_REUSEPORT is not for Unix sockets: " + address);
        }
        return change(f -> f.allowReusePort = allow);
    }

    /**
     * A copy with this listen backlog ({@code request_queue_size}).
     *
     * @param size the backlog, at least 0
     * @return the copy
     * @throws IllegalArgumentException if negative
     */
    public ServerConfig withRequestQueueSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("requestQueueSize < 0: " + size);
        }
        return change(f -> f.requestQueueSize = size);
    }

    /**
     * A copy whose {@link SocketServer#handleRequest()} waits at most this long ({@code timeout}).
     *
     * @param timeout the time, or {@code null} for none
     * @return the copy
     * @throws IllegalStateException for an event-style config (its handlers run on the event loops)
     * @throws IllegalArgumentException if negative
     */
    public ServerConfig withTimeout(Duration timeout) {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout < 0: " + timeout);
        }
        return withRequests(r -> r.timeout = timeout);
    }

    /**
     * A copy whose request threads are daemon threads ({@code daemon_threads}).
     *
     * @param daemon the flag
     * @return the copy
     * @throws IllegalStateException for an event-style config (its handlers run on the event loops)
     */
    public ServerConfig withDaemonThreads(boolean daemon) {
        return withRequests(r -> r.daemonThreads = daemon);
    }

    /**
     * A copy whose {@code close()} waits for requests in flight, or not ({@code block_on_close}); when
     * not, their connections are closed and their threads interrupted.
     *
     * @param block the flag
     * @return the copy
     * @throws IllegalStateException for an event-style config (its handlers run on the event loops)
     */
    public ServerConfig withBlockOnClose(boolean block) {
        return withRequests(r -> r.blockOnClose = block);
    }

    /**
     * A copy whose requests in flight may go on for at most {@code grace} once the server stops (a
     * bounded graceful shutdown): {@link SocketServer#close()} stops accepting at once (the listening
     * socket is closed first), waits at most this long for the requests in flight, then closes their
     * connections and interrupts their threads. A {@link Concurrency#SERIAL} server runs its request on
     * the serving thread, so there {@link SocketServer#shutdown()} waits at most this long for the
     * request before it does the same. With {@code blockOnClose} false, or daemon threads, {@code close}
     * does not wait at all. Request handlers only: an event-style server's {@code close} flushes what was
     * written and closes at once.
     *
     * @param grace the most requests in flight get, {@code Duration.ZERO} for none; {@code null} for no
     *     bound (Python's {@code block_on_close}: wait as long as they take)
     * @return the copy
     * @throws IllegalStateException for an event-style config (its handlers run on the event loops)
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public ServerConfig withShutdownGrace(Duration grace) {
        if (grace != null && grace.isNegative()) {
            throw new IllegalArgumentException("grace < 0: " + grace);
        }
        return withRequests(r -> r.shutdownGrace = grace);
    }

    /**
     * A copy with this datagram size limit ({@code max_packet_size}): longer datagrams are cut, counted
     * ({@link SocketServer#truncatedDatagrams()}) and logged at debug.
     *
     * @param size the limit, at least 1
     * @return the copy
     * @throws IllegalArgumentException if less than 1
     */
    public ServerConfig withMaxPacketSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("maxPacketSize < 1: " + size);
        }
        return change(f -> f.maxPacketSize = size);
    }

    /**
     * A copy that sets TCP_NODELAY on accepted TCP connections.
     *
     * @param disable the flag
     * @return the copy
     */
    public ServerConfig withDisableNagle(boolean disable) {
        return change(f -> f.disableNagle = disable);
    }

    /**
     * A copy with these limits (connections, idle time, line length, pending output; see {@link ServerLimits}).
     *
     * @param limits the limits
     * @return the copy
     */
    public ServerConfig withLimits(ServerLimits limits) {
        return change(f -> f.limits = Objects.requireNonNull(limits, "limits"));
    }

    /**
     * A copy whose Unix socket file gets these permissions once the server listens (0600,
     * {@code rw-------}, lets only its owner connect). Until then, for the moment between listen(2) and
     * chmod, the file has what the umask gave (0755 with the usual 022: others cannot connect, which
     * needs write permission); for no window at all, put the socket in a directory only its owner can
     * enter.
     *
     * @param permissions the permissions, or {@code null} to leave those bind(2) gave (the umask's)
     * @return the copy
     * @throws IllegalArgumentException if the address is not a Unix path
     */
    public ServerConfig withUnixPermissions(Set<PosixFilePermission> permissions) {
        if (permissions != null && AddressFamily.of(address) != AddressFamily.UNIX) {
            throw new IllegalArgumentException("socket-file permissions are for Unix addresses, not " + address);
        }
        return change(f -> f.unixPermissions = permissions == null ? null : Set.copyOf(permissions));
    }

    /**
     * A copy that serves only Unix stream peers whose process runs as one of these users
     * ({@code SO_PEERCRED}); others are closed at once and counted as refused
     * ({@link ServerMetrics.Limit#PEER_UID}).
     *
     * @param uids the user ids allowed, or {@code null} for any
     * @return the copy
     * @throws IllegalArgumentException if the kind is not UNIX_STREAM
     */
    public ServerConfig withAllowedPeerUids(Set<Integer> uids) {
        if (uids != null && kind != ServerKind.UNIX_STREAM) {
            throw new IllegalArgumentException("peer uids are known for UNIX_STREAM servers only, not " + kind);
        }
        return change(f -> f.allowedPeerUids = uids == null ? null : Set.copyOf(uids));
    }

    /**
     * A copy that serves TLS: each accepted connection is wrapped server-side and its handshake done
     * (within {@link ServerLimits#handshakeTimeout()}) before the handler sees it — on the request's
     * thread for request handlers, before {@code onOpen} for event handlers. A failed handshake is
     * counted in {@link ServerMetrics#errors()}, logged at debug, and the connection closed.
     *
     * @param context a server context with a certificate, or {@code null} for plain connections
     * @return the copy
     * @throws IllegalArgumentException for a datagram kind, or a context without a certificate
     */
    public ServerConfig withSsl(SslContext context) {
        if (context != null && !kind.isStream()) {
            throw new IllegalArgumentException(kind + " servers cannot speak TLS (no DTLS)");
        }
        if (context != null && !context.hasOwnCertificate()) {
            throw new IllegalArgumentException("a TLS server needs a certificate: withCertChain or withKeyManager");
        }
        return change(f -> f.ssl = context);
    }

    /**
     * A copy whose sockets come from this provider (a transport chosen in code).
     *
     * @param provider the provider, or {@code null} for {@link io.socketkit.Sockets#provider()}
     * @return the copy
     */
    public ServerConfig withProvider(SocketProvider provider) {
        return change(f -> f.provider = provider);
    }

    /**
     * A copy with an option only the provider understands (for Netty: the pipeline hook, reuse-port
     * workers; see {@code io.socketkit.netty.NettyServerOptions}). Other providers ignore it.
     *
     * @param option the option
     * @return the copy
     * @throws NullPointerException if {@code option} is null
     */
    public ServerConfig withProviderOption(ProviderOption option) {
        Objects.requireNonNull(option, "option");
        return change(f -> {
            List<ProviderOption> options = new ArrayList<>(f.providerOptions);
            options.add(option);
            f.providerOptions = List.copyOf(options);
        });
    }

    /** @return the kind */
    public ServerKind kind() {
        return kind;
    }

    /** @return the address asked for (see {@link SocketServer#address()} for the bound one) */
    public SocketAddress address() {
        return address;
    }

    /** @return the handler style: request handlers with their threads' settings, or event handlers */
    public Style style() {
        return style;
    }

    /** @return the request handler factory, or null for an event-style server */
    public Supplier<? extends RequestHandler> handler() {
        return style instanceof Requests ? ((Requests) style).handler() : null;
    }

    /** @return whether handlers run on the event loops (event style) rather than as request handlers */
    public boolean isEventStyle() {
        return !(style instanceof Requests);
    }

    /** The request handlers' settings; for an event-style server, the defaults it cannot change. */
    private Requests requests() {
        return style instanceof Requests ? (Requests) style : NO_REQUESTS;
    }

    /** @return the concurrency policy ({@link Concurrency#SERIAL} for an event-style server, which has none) */
    public Concurrency concurrency() {
        return requests().concurrency();
    }

    /** @return whether construction binds and listens */
    public boolean bindAndActivate() {
        return bindAndActivate;
    }

    /** @return whether SO_REUSEADDR is set */
    public boolean allowReuseAddress() {
        return allowReuseAddress;
    }

    /** @return whether SO_REUSEPORT is set */
    public boolean allowReusePort() {
        return allowReusePort;
    }

    /** @return the listen backlog */
    public int requestQueueSize() {
        return requestQueueSize;
    }

    /** @return the handleRequest timeout, or null */
    public Duration timeout() {
        return requests().timeout();
    }

    /** @return whether request threads are daemons */
    public boolean daemonThreads() {
        return requests().daemonThreads();
    }

    /** @return whether close waits for requests in flight */
    public boolean blockOnClose() {
        return requests().blockOnClose();
    }

    /** @return how long requests in flight may go on once the server stops; {@code null} for no bound */
    public Duration shutdownGrace() {
        return requests().shutdownGrace();
    }

    /** @return the datagram size limit */
    public int maxPacketSize() {
        return maxPacketSize;
    }

    /** @return whether TCP_NODELAY is set on accepted connections */
    public boolean disableNagle() {
        return disableNagle;
    }

    /** @return the limits the server keeps */
    public ServerLimits limits() {
        return limits;
    }

    /** @return the TLS context connections are served with, or null for plain ones */
    public SslContext ssl() {
        return ssl;
    }

    /** @return the socket file's permissions after bind, or null to leave them */
    public Set<PosixFilePermission> unixPermissions() {
        return unixPermissions;
    }

    /** @return the user ids of the Unix peers served, or null for any */
    public Set<Integer> allowedPeerUids() {
        return allowedPeerUids;
    }

    /** @return the provider, or null for the default */
    public SocketProvider provider() {
        return provider;
    }

    /** @return the provider-specific options, unmodifiable */
    public List<ProviderOption> providerOptions() {
        return providerOptions;
    }

    @Override
    public String toString() {
        return "ServerConfig[" + kind + " " + address + ", " + (isEventStyle() ? "events" : concurrency().toString()) + "]";
    }
}
