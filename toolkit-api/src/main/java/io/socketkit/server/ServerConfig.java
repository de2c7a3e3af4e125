package io.socketkit.server;

import io.socketkit.AddressFamily;
import io.socketkit.spi.SocketProvider;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
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
 * <tr><td>{@code maxPacketSize}</td><td>{@code max_packet_size}</td><td>8192</td></tr>
 * <tr><td>{@code disableNagle}</td><td>{@code disable_nagle_algorithm} (handler)</td><td>false</td></tr>
 * <tr><td>{@code provider}</td><td>—</td><td>{@link io.socketkit.Sockets#provider()}</td></tr>
 * </table>
 */
public final class ServerConfig {
    private final ServerKind kind;
    private final SocketAddress address;
    private final Supplier<? extends RequestHandler> handler;
    private final Concurrency concurrency;
    private final boolean bindAndActivate;
    private final boolean allowReuseAddress;
    private final boolean allowReusePort;
    private final int requestQueueSize;
    private final Duration timeout;
    private final boolean daemonThreads;
    private final boolean blockOnClose;
    private final int maxPacketSize;
    private final boolean disableNagle;
    private final SocketProvider provider;

    private ServerConfig(ServerKind kind, SocketAddress address, Supplier<? extends RequestHandler> handler,
            Concurrency concurrency, boolean bindAndActivate, boolean allowReuseAddress, boolean allowReusePort,
            int requestQueueSize, Duration timeout, boolean daemonThreads, boolean blockOnClose, int maxPacketSize,
            boolean disableNagle, SocketProvider provider) {
        this.kind = kind;
        this.address = address;
        this.handler = handler;
        this.concurrency = concurrency;
        this.bindAndActivate = bindAndActivate;
        this.allowReuseAddress = allowReuseAddress;
        this.allowReusePort = allowReusePort;
        this.requestQueueSize = requestQueueSize;
        this.timeout = timeout;
        this.daemonThreads = daemonThreads;
        this.blockOnClose = blockOnClose;
        this.maxPacketSize = maxPacketSize;
        this.disableNagle = disableNagle;
        this.provider = provider;
    }

    /**
     * A server of this kind on this address, with Python's defaults.
     *
     * @param kind the kind
     * @param address where to listen; port 0 picks one
     * @param handler makes a handler per request: a constructor reference
     * @return the configuration
     * @throws IllegalArgumentException if the address's family does not suit the kind
     */
    public static ServerConfig of(ServerKind kind, SocketAddress address, Supplier<? extends RequestHandler> handler) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(handler, "handler");
        if (!kind.accepts(AddressFamily.of(address))) {
            throw new IllegalArgumentException(kind + " cannot listen on a " + AddressFamily.of(address) + " address: " + address);
        }
        return new ServerConfig(kind, address, handler, Concurrency.SERIAL, true, false, false, 128, null, false, true,
                8192, false, null);
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

    private ServerConfig copy(Concurrency concurrency, boolean bindAndActivate, boolean allowReuseAddress,
            boolean allowReusePort, int requestQueueSize, Duration timeout, boolean daemonThreads, boolean blockOnClose,
            int maxPacketSize, boolean disableNagle, SocketProvider provider) {
        return new ServerConfig(kind, address, handler, concurrency, bindAndActivate, allowReuseAddress, allowReusePort,
                requestQueueSize, timeout, daemonThreads, blockOnClose, maxPacketSize, disableNagle, provider);
    }

    /**
     * A copy with this concurrency policy (the mix-in).
     *
     * @param concurrency the policy
     * @return the copy
     */
    public ServerConfig withConcurrency(Concurrency concurrency) {
        Objects.requireNonNull(concurrency, "concurrency");
        return copy(concurrency, bindAndActivate, allowReuseAddress, allowReusePort, requestQueueSize, timeout,
                daemonThreads, blockOnClose, maxPacketSize, disableNagle, provider);
    }

    /**
     * A copy that binds and listens on construction, or not ({@code bind_and_activate}); when not, call
     * {@link SocketServer#serverBind()} and {@link SocketServer#serverActivate()}.
     *
     * @param bindAndActivate the flag
     * @return the copy
     */
    public ServerConfig withBindAndActivate(boolean bindAndActivate) {
        return copy(concurrency, bindAndActivate, allowReuseAddress, allowReusePort, requestQueueSize, timeout,
                daemonThreads, blockOnClose, maxPacketSize, disableNagle, provider);
    }

    /**
     * A copy that sets SO_REUSEADDR before binding ({@code allow_reuse_address}; not for Unix addresses).
     *
     * @param allow the flag
     * @return the copy
     */
    public ServerConfig withAllowReuseAddress(boolean allow) {
        return copy(concurrency, bindAndActivate, allow, allowReusePort, requestQueueSize, timeout,
                daemonThreads, blockOnClose, maxPacketSize, disableNagle, provider);
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
        return copy(concurrency, bindAndActivate, allowReuseAddress, allow, requestQueueSize, timeout,
                daemonThreads, blockOnClose, maxPacketSize, disableNagle, provider);
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
        return copy(concurrency, bindAndActivate, allowReuseAddress, allowReusePort, size, timeout,
                daemonThreads, blockOnClose, maxPacketSize, disableNagle, provider);
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
        return copy(concurrency, bindAndActivate, allowReuseAddress, allowReusePort, requestQueueSize, timeout,
                daemonThreads, blockOnClose, maxPacketSize, disableNagle, provider);
    }

    /**
     * A copy whose request threads are daemon threads ({@code daemon_threads}).
     *
     * @param daemon the flag
     * @return the copy
     */
    public ServerConfig withDaemonThreads(boolean daemon) {
        return copy(concurrency, bindAndActivate, allowReuseAddress, allowReusePort, requestQueueSize, timeout,
                daemon, blockOnClose, maxPacketSize, disableNagle, provider);
    }

    /**
     * A copy whose {@code close()} waits for requests in flight, or not ({@code block_on_close}); when
     * not, their connections are closed and their threads interrupted.
     *
     * @param block the flag
     * @return the copy
     */
    public ServerConfig withBlockOnClose(boolean block) {
        return copy(concurrency, bindAndActivate, allowReuseAddress, allowReusePort, requestQueueSize, timeout,
                daemonThreads, block, maxPacketSize, disableNagle, provider);
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
        return copy(concurrency, bindAndActivate, allowReuseAddress, allowReusePort, requestQueueSize, timeout,
                daemonThreads, blockOnClose, size, disableNagle, provider);
    }

    /**
     * A copy that sets TCP_NODELAY on accepted TCP connections.
     *
     * @param disable the flag
     * @return the copy
     */
    public ServerConfig withDisableNagle(boolean disable) {
        return copy(concurrency, bindAndActivate, allowReuseAddress, allowReusePort, requestQueueSize, timeout,
                daemonThreads, blockOnClose, maxPacketSize, disable, provider);
    }

    /**
     * A copy whose sockets come from this provider (a transport chosen in code).
     *
     * @param provider the provider, or {@code null} for {@link io.socketkit.Sockets#provider()}
     * @return the copy
     */
    public ServerConfig withProvider(SocketProvider provider) {
        return copy(concurrency, bindAndActivate, allowReuseAddress, allowReusePort, requestQueueSize, timeout,
                daemonThreads, blockOnClose, maxPacketSize, disableNagle, provider);
    }

    /** @return the kind */
    public ServerKind kind() {
        return kind;
    }

    /** @return the address asked for (see {@link SocketServer#address()} for the bound one) */
    public SocketAddress address() {
        return address;
    }

    /** @return the handler factory */
    public Supplier<? extends RequestHandler> handler() {
        return handler;
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

    /** @return the datagram size limit */
    public int maxPacketSize() {
        return maxPacketSize;
    }

    /** @return whether TCP_NODELAY is set on accepted connections */
    public boolean disableNagle() {
        return disableNagle;
    }

    /** @return the provider, or null for the default */
    public SocketProvider provider() {
        return provider;
    }

    @Override
    public String toString() {
        return "ServerConfig[" + kind + " " + address + ", " + concurrency + "]";
    }
}
