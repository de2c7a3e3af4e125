package io.socketkit.server;

import io.socketkit.AddressFamily;
import io.socketkit.spi.SocketProvider;
import io.socketkit.ssl.SslContext;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;
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
 * <p>Two handler styles: request handlers ({@link #of}, {@link #tcp}, ...), blocking code under the
 * concurrency policy, as in Python; and event handlers ({@link #events}, {@link #datagramEvents}), run on
 * the provider's event loops. The settings about threads and requests apply to the first style only.
 *
 * <p>Instances are immutable: each {@code with...} returns a changed copy.
 */
public final class ServerConfig {
    private final ServerKind kind;
    private final SocketAddress address;
    private Supplier<? extends RequestHandler> handler;
    private Supplier<?> eventHandler;
    private Concurrency concurrency = Concurrency.SERIAL;
    private boolean bindAndActivate = true;
    private boolean allowReuseAddress;
    private boolean allowReusePort;
    private int requestQueueSize = 128;
    private Duration timeout;
    private boolean daemonThreads;
    private boolean blockOnClose = true;
    private Duration shutdownGrace;
    private int maxPacketSize = 8192;
    private boolean disableNagle;
    private ServerLimits limits = ServerLimits.defaults();
    private SslContext ssl;
    private Set<PosixFilePermission> unixPermissions;
    private Set<Integer> allowedPeerUids;
    private SocketProvider provider;
    private List<Object> providerOptions = List.of();

    private ServerConfig(ServerKind kind, SocketAddress address) {
        Objects.requireNonNull(kind, "kind");
        if (!kind.accepts(AddressFamily.of(address))) {
            throw new IllegalArgumentException(kind + " cannot listen on a " + AddressFamily.of(address) + " address: " + address);
        }
        this.kind = kind;
        this.address = address;
    }

    private ServerConfig copy() {
        ServerConfig copy = new ServerConfig(kind, address);
        copy.handler = handler;
        copy.eventHandler = eventHandler;
        copy.concurrency = concurrency;
        copy.bindAndActivate = bindAndActivate;
        copy.allowReuseAddress = allowReuseAddress;
        copy.allowReusePort = allowReusePort;
        copy.requestQueueSize = requestQueueSize;
        copy.timeout = timeout;
        copy.daemonThreads = daemonThreads;
        copy.blockOnClose = blockOnClose;
        copy.shutdownGrace = shutdownGrace;
        copy.maxPacketSize = maxPacketSize;
        copy.disableNagle = disableNagle;
        copy.limits = limits;
        copy.ssl = ssl;
        copy.unixPermissions = unixPermissions;
        copy.allowedPeerUids = allowedPeerUids;
        copy.provider = provider;
        copy.providerOptions = providerOptions;
        return copy;
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
        ServerConfig config = new ServerConfig(kind, address);
        config.handler = Objects.requireNonNull(handler, "handler");
        return config;
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
        ServerConfig config = new ServerConfig(kind, address);
        config.eventHandler = Objects.requireNonNull(handler, "handler");
        return config;
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
        Objects.requireNonNull(handler, "handler");
        ServerConfig config = new ServerConfig(kind, address);
        config.eventHandler = () -> handler;
        return config;
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
     */
    public ServerConfig withConcurrency(Concurrency concurrency) {
        ServerConfig copy = copy();
        copy.concurrency = Objects.requireNonNull(concurrency, "concurrency");
        return copy;
    }

    /**
     * A copy that binds and listens on construction, or not ({@code bind_and_activate}); when not, call
     * {@link SocketServer#serverBind()} and {@link SocketServer#serverActivate()}.
     *
     * @param bindAndActivate the flag
     * @return the copy
     */
    public ServerConfig withBindAndActivate(boolean bindAndActivate) {
        ServerConfig copy = copy();
        copy.bindAndActivate = bindAndActivate;
        return copy;
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
        ServerConfig copy = copy();
        copy.allowReuseAddress = allow;
        return copy;
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
        ServerConfig copy = copy();
        copy.allowReusePort = allow;
        return copy;
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
        ServerConfig copy = copy();
        copy.requestQueueSize = size;
        return copy;
    }

    /**
     * A copy whose {@link SocketServer#handleRequest()} waits at most this long ({@code timeout}).
     *
     * @param timeout the time, or {@code null} for none
     * @return the copy
     * @throws IllegalArgumentException if negative
     */
    public ServerConfig withTimeout(Duration timeout) {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout < 0: " + timeout);
        }
        ServerConfig copy = copy();
        copy.timeout = timeout;
        return copy;
    }

    /**
     * A copy whose request threads are daemon threads ({@code daemon_threads}).
     *
     * @param daemon the flag
     * @return the copy
     */
    public ServerConfig withDaemonThreads(boolean daemon) {
        ServerConfig copy = copy();
        copy.daemonThreads = daemon;
        return copy;
    }

    /**
     * A copy whose {@code close()} waits for requests in flight, or not ({@code block_on_close}); when
     * not, their connections are closed and their threads interrupted.
     *
     * @param block the flag
     * @return the copy
     */
    public ServerConfig withBlockOnClose(boolean block) {
        ServerConfig copy = copy();
        copy.blockOnClose = block;
        return copy;
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
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public ServerConfig withShutdownGrace(Duration grace) {
        if (grace != null && grace.isNegative()) {
            throw new IllegalArgumentException("grace < 0: " + grace);
        }
        ServerConfig copy = copy();
        copy.shutdownGrace = grace;
        return copy;
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
        ServerConfig copy = copy();
        copy.maxPacketSize = size;
        return copy;
    }

    /**
     * A copy that sets TCP_NODELAY on accepted TCP connections.
     *
     * @param disable the flag
     * @return the copy
     */
    public ServerConfig withDisableNagle(boolean disable) {
        ServerConfig copy = copy();
        copy.disableNagle = disable;
        return copy;
    }

    /**
     * A copy with these limits (connections, idle time, line length, pending output; see {@link ServerLimits}).
     *
     * @param limits the limits
     * @return the copy
     */
    public ServerConfig withLimits(ServerLimits limits) {
        ServerConfig copy = copy();
        copy.limits = Objects.requireNonNull(limits, "limits");
        return copy;
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
        ServerConfig copy = copy();
        copy.unixPermissions = permissions == null ? null : Set.copyOf(permissions);
        return copy;
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
        ServerConfig copy = copy();
        copy.allowedPeerUids = uids == null ? null : Set.copyOf(uids);
        return copy;
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
            throw new IllegalArgumentException("a TLS server needs a certificate: loadCertChain or withKeyManager");
        }
        ServerConfig copy = copy();
        copy.ssl = context;
        return copy;
    }

    /**
     * A copy whose sockets come from this provider (a transport chosen in code).
     *
     * @param provider the provider, or {@code null} for {@link io.socketkit.Sockets#provider()}
     * @return the copy
     */
    public ServerConfig withProvider(SocketProvider provider) {
        ServerConfig copy = copy();
        copy.provider = provider;
        return copy;
    }

    /**
     * A copy with an option only the provider understands (for Netty: the pipeline hook, reuse-port
     * workers; see {@code io.socketkit.netty.NettyServerOptions}). Other providers ignore it.
     *
     * @param option the option
     * @return the copy
     */
    public ServerConfig withProviderOption(Object option) {
        ServerConfig copy = copy();
        List<Object> options = new ArrayList<>(providerOptions);
        options.add(Objects.requireNonNull(option, "option"));
        copy.providerOptions = List.copyOf(options);
        return copy;
    }

    /** @return the kind */
    public ServerKind kind() {
        return kind;
    }

    /** @return the address asked for (see {@link SocketServer#address()} for the bound one) */
    public SocketAddress address() {
        return address;
    }

    /** @return the request handler factory, or null for an event-style server */
    public Supplier<? extends RequestHandler> handler() {
        return handler;
    }

    /**
     * The event handler factory: makes {@link StreamEventHandler}s for stream kinds, gives the one
     * {@link DatagramEventHandler} for datagram kinds.
     *
     * @return the factory, or null for a request-handler server
     */
    public Supplier<?> eventHandler() {
        return eventHandler;
    }

    /** @return whether handlers run on the event loops (event style) rather than as request handlers */
    public boolean isEventStyle() {
        return eventHandler != null;
    }

    /** @return the concurrency policy */
    public Concurrency concurrency() {
        return concurrency;
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
        return timeout;
    }

    /** @return whether request threads are daemons */
    public boolean daemonThreads() {
        return daemonThreads;
    }

    /** @return whether close waits for requests in flight */
    public boolean blockOnClose() {
        return blockOnClose;
    }

    /** @return how long requests in flight may go on once the server stops; {@code null} for no bound */
    public Duration shutdownGrace() {
        return shutdownGrace;
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
    public List<Object> providerOptions() {
        return providerOptions;
    }

    @Override
    public String toString() {
        return "ServerConfig[" + kind + " " + address + ", " + (isEventStyle() ? "events" : concurrency.toString()) + "]";
    }
}
