package io.socketkit;

import io.socketkit.spi.SocketProvider;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * The entry point: Python's module-level {@code socket} functions.
 *
 * <pre>{@code
 * try (Socket server = Sockets.createServer(new InetSocketAddress("127.0.0.1", 0))) {
 *     Accepted accepted = server.accept();
 *     ...
 * }
 * }</pre>
 *
 * <p>The sockets come from the {@link SocketProvider} found on the class or module path by
 * {@link ServiceLoader} (add {@code io.socketkit:toolkit-netty}); which backend it uses is its own
 * setting (for Netty, the system property {@code socketkit.transport}). To choose a backend in code,
 * call the provider's methods instead.
 */
public final class Sockets {
    /** {@code IPPROTO_ICMP} (1): ICMP over IPv4, for {@link SocketType#RAW} sockets. */
    public static final int IPPROTO_ICMP = 1;
    /** {@code IPPROTO_IGMP} (2): IGMP, for {@link SocketType#RAW} sockets. */
    public static final int IPPROTO_IGMP = 2;
    /** {@code IPPROTO_TCP} (6): TCP, the protocol of INET and INET6 stream sockets. */
    public static final int IPPROTO_TCP = 6;
    /** {@code IPPROTO_UDP} (17): UDP, the protocol of INET and INET6 datagram sockets. */
    public static final int IPPROTO_UDP = 17;
    /** {@code IPPROTO_ICMPV6} (58): ICMP for IPv6, for INET6 {@link SocketType#RAW} sockets. */
    public static final int IPPROTO_ICMPV6 = 58;
    /**
     * {@code IPPROTO_RAW} (255): a raw IPv4 socket that only sends, each packet with the IP header the
     * caller built ({@code IP_HDRINCL} implied).
     */
    public static final int IPPROTO_RAW = 255;

    private static volatile Duration defaultTimeout;

    private Sockets() {
    }

    /** Loaded on first use, so that merely naming this class needs no provider; null if there is none. */
    private static final class DefaultProvider {
        static final SocketProvider INSTANCE = load();

        private static SocketProvider load() {
            Iterator<SocketProvider> found = ServiceLoader.load(SocketProvider.class).iterator();
            return found.hasNext() ? found.next() : null;
        }
    }

    /**
     * The provider behind this class's methods.
     *
     * @return the provider found by {@link ServiceLoader}
     * @throws IllegalStateException if there is none
     */
    public static SocketProvider provider() {
        SocketProvider provider = DefaultProvider.INSTANCE;
        if (provider == null) {
            throw new IllegalStateException("no io.socketkit.spi.SocketProvider on the class or module path:"
                    + " add io.socketkit:toolkit-netty");
        }
        return provider;
    }

    /**
     * The provider for a named variant of the default implementation: for Netty, a transport
     * ({@code "epoll"}, {@code "io_uring"}, ...). This is how a program picks its backend from a
     * command-line flag without depending on the implementation at compile time.
     *
     * @param variant the variant's name
     * @return the provider
     * @throws IllegalArgumentException if there is no such variant
     * @throws UnsupportedOperationException if it cannot run here, saying why
     * @throws IllegalStateException if there is no provider at all
     */
    public static SocketProvider provider(String variant) {
        return provider().variant(variant);
    }

    /**
     * A new socket ({@code socket.socket(family, type)}).
     *
     * @param family the family
     * @param type the type
     * @return the socket, blocking or in the default timeout
     * @throws SocketError ESOCKTNOSUPPORT or EPROTONOSUPPORT for a pair the provider cannot make
     * @throws IOException if the socket cannot be made
     */
    public static Socket socket(AddressFamily family, SocketType type) throws IOException {
        return provider().socket(family, type);
    }

    /**
     * A new socket of a given protocol ({@code socket.socket(family, type, proto)}): a raw socket's
     * protocol ({@link #IPPROTO_ICMP}, {@link #IPPROTO_ICMPV6}, ...), or the type's own one
     * ({@link #IPPROTO_TCP}, {@link #IPPROTO_UDP}) which is the same as 0.
     *
     * <pre>{@code
     * try (Socket icmp = Sockets.socket(AddressFamily.INET, SocketType.RAW, Sockets.IPPROTO_ICMP)) {
     *     icmp.sendTo(echoRequest, new InetSocketAddress("127.0.0.1", 0));
     *     Datagram reply = icmp.recvFrom(1500); // with its IPv4 header, as Linux gives it
     * }
     * }</pre>
     *
     * @param family the family
     * @param type the type
     * @param proto the protocol; 0 (or Python's -1) for the type's default
     * @return the socket, blocking or in the default timeout; its {@link Socket#proto()} is {@code proto}
     * @throws SocketError as Linux refuses the triple: ESOCKTNOSUPPORT (94) for SEQPACKET or RDM over
     *     IP, EPROTONOSUPPORT (93) for a raw socket without a protocol or a protocol the type has not;
     *     or ESOCKTNOSUPPORT / EPROTONOSUPPORT where the provider's transport or JVM cannot make it,
     *     naming what would
     * @throws PermissionError EPERM for a raw socket without the privilege ({@code CAP_NET_RAW})
     * @throws IllegalArgumentException if {@code proto} is below -1
     * @throws IOException if the socket cannot be made otherwise
     */
    public static Socket socket(AddressFamily family, SocketType type, int proto) throws IOException {
        return provider().socket(family, type, proto);
    }

    /**
     * A new TCP socket over IPv4 ({@code socket.socket()}).
     *
     * @return the socket
     * @throws IOException if the socket cannot be made
     */
    public static Socket socket() throws IOException {
        return socket(AddressFamily.INET, SocketType.STREAM);
    }

    /**
     * Connects a stream socket in the default timeout ({@code socket.create_connection(address)}).
     *
     * @param address where to; a host name is resolved and each result tried in turn
     * @return the connected socket
     * @throws IOException the last connect error
     */
    public static Socket createConnection(SocketAddress address) throws IOException {
        return createConnection(address, getDefaultTimeout());
    }

    /**
     * Connects a stream socket ({@code socket.create_connection(address, timeout)}).
     *
     * @param address where to; a host name is resolved and each result tried in turn
     * @param timeout the socket's timeout, for the connect and after; {@code null} for blocking
     * @return the connected socket
     * @throws java.net.UnknownHostException if the name does not resolve
     * @throws IOException the last connect error
     */
    public static Socket createConnection(SocketAddress address, Duration timeout) throws IOException {
        return provider().createConnection(address, timeout, null);
    }

    /**
     * Connects a stream socket from a given local address
     * ({@code socket.create_connection(address, timeout, source_address)}).
     *
     * @param address where to
     * @param timeout the socket's timeout; {@code null} for blocking
     * @param sourceAddress the local address to bind first
     * @return the connected socket
     * @throws IOException the last connect error, or the bind error
     */
    public static Socket createConnection(SocketAddress address, Duration timeout, SocketAddress sourceAddress)
            throws IOException {
        return provider().createConnection(address, timeout, sourceAddress);
    }

    /**
     * A listening stream socket with Python's defaults ({@code socket.create_server(address)}).
     *
     * @param address where to listen; port 0 picks one
     * @return the socket, bound and listening
     * @throws AddressInUseError if the address is taken
     * @throws IOException if a step fails
     */
    public static Socket createServer(SocketAddress address) throws IOException {
        return createServer(address, ServerOptions.defaults());
    }

    /**
     * A listening stream socket ({@code socket.create_server(address, backlog=, reuse_port=, dualstack_ipv6=)}).
     *
     * @param address where to listen
     * @param options backlog, reuse-port, dual stack
     * @return the socket, bound and listening
     * @throws IOException if a step fails
     */
    public static Socket createServer(SocketAddress address, ServerOptions options) throws IOException {
        return provider().createServer(address, options);
    }

    /**
     * A connected pair of Unix stream sockets ({@code socket.socketpair()}).
     *
     * @return the pair
     * @throws IOException if it cannot be made
     */
    public static SocketPair socketPair() throws IOException {
        return provider().socketPair();
    }

    /**
     * A connected pair of Unix sockets of a given type ({@code socket.socketpair(AF_UNIX, type)}):
     * STREAM, DGRAM, SEQPACKET, or RAW (which Linux makes a datagram pair).
     *
     * @param family {@link AddressFamily#UNIX}; the IP families have no pairs
     * @param type the type
     * @return the pair, both blocking
     * @throws SocketError EOPNOTSUPP (95) for INET or INET6 STREAM or DGRAM, ESOCKTNOSUPPORT (94) or
     *     EPROTONOSUPPORT (93) as {@link #socket(AddressFamily, SocketType, int)} for the type, or where
     *     the provider cannot make sockets of the type
     * @throws IOException if it cannot be made otherwise
     */
    public static SocketPair socketPair(AddressFamily family, SocketType type) throws IOException {
        return provider().socketPair(family, type);
    }

    /**
     * A selector for the provider's sockets ({@code selectors.DefaultSelector()}).
     *
     * @return a new selector
     */
    public static Selector selector() {
        return provider().selector();
    }

    /**
     * Sets the timeout new sockets start with ({@code socket.setdefaulttimeout}).
     *
     * @param timeout {@code null} for blocking, zero for non-blocking, else the timeout
     * @throws IllegalArgumentException if negative
     */
    public static void setDefaultTimeout(Duration timeout) {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout < 0: " + timeout);
        }
        defaultTimeout = timeout;
    }

    /**
     * The timeout new sockets start with ({@code socket.getdefaulttimeout}).
     *
     * @return the timeout, {@code null} when blocking
     */
    public static Duration getDefaultTimeout() {
        return defaultTimeout;
    }
}
