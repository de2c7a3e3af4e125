package io.socketkit.spi;

import io.socketkit.AddressFamily;
import io.socketkit.Selector;
import io.socketkit.ServerOptions;
import io.socketkit.Socket;
import io.socketkit.SocketPair;
import io.socketkit.SocketType;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * Makes sockets: what an implementation of socketkit provides. {@link io.socketkit.Sockets} finds one
 * with {@link java.util.ServiceLoader}; code that wants a given backend uses the provider directly
 * (for Netty: {@code NettyProvider.of(Transport.EPOLL)}).
 *
 * <p>Only {@link #name()} and {@link #socket} must be implemented; the rest are specified "as if by"
 * calls to {@code socket} and the socket's methods, and close what they opened when they fail.
 * Sockets a provider makes must implement {@link Selectable} for {@link #selector()} to watch them.
 */
public interface SocketProvider {

    /**
     * A short name for messages and logs, such as {@code "netty/epoll"}.
     *
     * @return the name
     */
    String name();

    /**
     * A provider of the same implementation on a named variant of it (for Netty, a transport:
     * {@code "nio"}, {@code "epoll"}, {@code "io_uring"}, {@code "kqueue"}, {@code "auto"}).
     *
     * @param name the variant's name
     * @return a provider; the caller closes it if it is {@link java.io.Closeable}
     * @throws IllegalArgumentException if this provider has no variant of that name
     * @throws UnsupportedOperationException if the variant cannot run here, saying why
     */
    default SocketProvider variant(String name) {
        throw new IllegalArgumentException(name() + " has no variant " + name);
    }

    /**
     * A new socket ({@code socket.socket(family, type)}), in blocking mode or the default timeout.
     *
     * @param family the family
     * @param type the type
     * @return the socket
     * @throws io.socketkit.SocketError ESOCKTNOSUPPORT or EPROTONOSUPPORT for a pair this provider
     *     cannot make, with the reason and what would work in the message
     * @throws IOException if the socket cannot be made
     */
    Socket socket(AddressFamily family, SocketType type) throws IOException;

    /**
     * A new socket of a given protocol ({@code socket.socket(family, type, proto)}). The triple is
     * checked first as Linux checks it, so every provider refuses the same ones with the same errno.
     * This default makes the type's own protocol (0, TCP for STREAM, UDP for DGRAM over IP) through
     * {@link #socket(AddressFamily, SocketType)}, whose socket then reports protocol 0; providers with
     * raw sockets override it.
     *
     * @param family the family
     * @param type the type
     * @param proto the protocol, 0 (or -1) for the default
     * @return the socket
     * @throws io.socketkit.SocketError ESOCKTNOSUPPORT or EPROTONOSUPPORT as Linux gives them, or for a
     *     triple this provider cannot make, naming what would
     * @throws IllegalArgumentException if {@code proto} is below -1
     * @throws IOException if the socket cannot be made
     */
    default Socket socket(AddressFamily family, SocketType type, int proto) throws IOException {
        SocketKinds.check(family, type, proto);
        if (type == SocketType.RAW && family != AddressFamily.UNIX) {
            throw io.socketkit.Errno.EPROTONOSUPPORT.newException(name() + " has no raw sockets", null);
        }
        return socket(family, type);
    }

    /**
     * A selector for this provider's sockets.
     *
     * @return a new selector
     */
    default Selector selector() {
        return new ReadinessSelector();
    }

    /**
     * A connected pair ({@code socket.socketpair()}): Unix stream sockets where the provider has them,
     * else TCP over loopback.
     *
     * @return the pair, both blocking
     * @throws IOException if the pair cannot be made
     */
    default SocketPair socketPair() throws IOException {
        return Connections.socketPair(this);
    }

    /**
     * A connected pair of a given family and type ({@code socket.socketpair(family, type)}): Unix
     * sockets only, as on Linux. This default is written on {@link #socket}: a stream or seqpacket
     * pair by listen, connect and accept on a path in a new temporary directory, a datagram pair by two
     * sockets bound there and connected to each other; the paths are removed before it returns.
     *
     * @param family the family
     * @param type the type
     * @return the pair, both blocking
     * @throws io.socketkit.SocketError EOPNOTSUPP for the IP families; ESOCKTNOSUPPORT or
     *     EPROTONOSUPPORT for a type Linux or this provider has not
     * @throws IOException if the pair cannot be made
     */
    default SocketPair socketPair(AddressFamily family, SocketType type) throws IOException {
        return Connections.socketPair(this, family, type);
    }

    /**
     * Connects a stream socket ({@code socket.create_connection}): resolves the address, tries each
     * result in turn and throws the last error if none connects.
     *
     * @param address where to connect; a host name is resolved
     * @param timeout the new socket's timeout ({@code null}: blocking)
     * @param sourceAddress a local address to bind first, or {@code null}
     * @return the connected socket
     * @throws java.net.UnknownHostException if the name does not resolve
     * @throws IOException the last connect error
     */
    default Socket createConnection(SocketAddress address, Duration timeout, SocketAddress sourceAddress)
            throws IOException {
        return Connections.createConnection(this, address, timeout, sourceAddress);
    }

    /**
     * {@code createConnection(address, timeout, null)}.
     *
     * @param address where to connect
     * @param timeout the new socket's timeout ({@code null}: blocking)
     * @return the connected socket
     * @throws IOException the last connect error
     */
    default Socket createConnection(SocketAddress address, Duration timeout) throws IOException {
        return createConnection(address, timeout, null);
    }

    /**
     * {@code createServer(address, ServerOptions.defaults())}.
     *
     * @param address where to listen
     * @return the listening socket
     * @throws IOException if a step fails
     */
    default Socket createServer(SocketAddress address) throws IOException {
        return createServer(address, ServerOptions.defaults());
    }

    /**
     * A listening stream socket ({@code socket.create_server}): SO_REUSEADDR on (not for Unix
     * addresses), then the options, bind and listen.
     *
     * @param address where to listen
     * @param options backlog, reuse-port, dual stack
     * @return the listening socket
     * @throws IOException if a step fails
     */
    default Socket createServer(SocketAddress address, ServerOptions options) throws IOException {
        return Connections.createServer(this, address, options);
    }
}
