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
