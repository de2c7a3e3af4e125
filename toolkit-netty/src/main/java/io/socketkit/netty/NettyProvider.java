package io.socketkit.netty;

import io.netty.channel.EventLoopGroup;
import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.spi.SocketKinds;
import io.socketkit.netty.internal.EventLoops;
import io.socketkit.netty.internal.NettyEventServers;
import io.socketkit.server.EventServers;
import io.socketkit.server.ServerConfig;
import io.socketkit.netty.internal.NettySockets;
import io.socketkit.spi.SocketProvider;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * socketkit's sockets on Netty, over one {@link Transport}.
 *
 * <pre>{@code
 * try (NettyProvider epoll = NettyProvider.of(Transport.EPOLL);
 *      Socket sock = epoll.socket(AddressFamily.UNIX, SocketType.DGRAM)) {
 *     sock.sendTo(data, UnixDomainSocketAddress.of("/run/app.sock"));
 * }
 * }</pre>
 *
 * <p>Which transport: an explicit {@link #of(Transport)} in code; else the system property
 * {@code socketkit.transport} ({@code nio|epoll|io_uring|kqueue}); else {@link Transport#auto()}.
 * Asking for a transport that is not available here fails with Netty's cause; there is no silent
 * fallback.
 *
 * <p>The event loops are made on first use, run on daemon threads (an unclosed provider does not keep
 * the JVM alive) and are shared by all the provider's sockets. {@link #close()} releases them, closing
 * every socket still open. Thread-safe.
 */
public final class NettyProvider implements SocketProvider, EventServers, Closeable {
    private final Transport transport;
    private final EventLoops loops;
    private final NettyEventServers eventServers;

    /**
     * The provider {@link java.util.ServiceLoader} makes: the transport from the system property
     * {@value Transport#PROPERTY}, else {@link Transport#auto()}.
     *
     * @throws IllegalArgumentException if the property names no transport
     * @throws UnsupportedOperationException if it names one that is not available here
     */
    public NettyProvider() {
        this(Transport.fromSystemProperty(), 0);
    }

    private NettyProvider(Transport transport, int threads) {
        transport.ensureAvailability();
        this.transport = transport;
        this.loops = new EventLoops(transport, threads);
        this.eventServers = new NettyEventServers(loops);
    }

    /**
     * A provider on this transport.
     *
     * @param transport the transport
     * @return a new provider; close it when done
     * @throws UnsupportedOperationException if the transport is not available here, with Netty's cause
     */
    public static NettyProvider of(Transport transport) {
        return new NettyProvider(Objects.requireNonNull(transport, "transport"), 0);
    }

    /**
     * A provider on this transport with a given number of event-loop threads.
     *
     * @param transport the transport
     * @param threads the number of event-loop threads, at least 1
     * @return a new provider; close it when done
     * @throws IllegalArgumentException if {@code threads} is less than 1
     * @throws UnsupportedOperationException if the transport is not available here
     */
    public static NettyProvider of(Transport transport, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads < 1: " + threads);
        }
        return new NettyProvider(Objects.requireNonNull(transport, "transport"), threads);
    }

    /**
     * The transport this provider's sockets run on.
     *
     * @return the transport
     */
    public Transport transport() {
        return transport;
    }

    /**
     * The event loops, for code that adds plain Netty channels beside socketkit's (servers do).
     *
     * @return the group, made on first call
     * @throws IllegalStateException if the provider is closed
     */
    public EventLoopGroup eventLoopGroup() {
        return loops.group();
    }

    @Override
    public String name() {
        return "netty/" + transport.displayName();
    }

    /**
     * A provider on the named transport ({@link Transport#fromName}); the same one if it names this
     * provider's transport.
     *
     * @param name {@code auto}, {@code nio}, {@code epoll}, {@code io_uring}, {@code kqueue}
     * @return the provider
     * @throws IllegalArgumentException if the name is no transport
     * @throws UnsupportedOperationException if the transport is not available here, with Netty's cause
     */
    @Override
    public SocketProvider variant(String name) {
        Transport wanted = Transport.fromName(name);
        return wanted == transport ? this : of(wanted);
    }

    @Override
    public Socket socket(AddressFamily family, SocketType type) throws IOException {
        return socket(family, type, 0);
    }

    /**
     * A new socket ({@code socket.socket(family, type, proto)}). Raw sockets over IPv4 and IPv6 and Unix
     * seqpacket sockets are made on {@link Transport#EPOLL} with Java 22+ (Netty has no channel for them:
     * the descriptor comes from {@code socket(2)} through the foreign-function API and is watched by
     * Netty's event loop); a Unix raw socket is a datagram socket, as on Linux.
     *
     * @throws io.socketkit.SocketError Linux's ESOCKTNOSUPPORT or EPROTONOSUPPORT for a triple Linux
     *     refuses; ESOCKTNOSUPPORT (EPROTONOSUPPORT for RAW) for one this transport or JVM cannot make,
     *     saying what would
     * @throws io.socketkit.PermissionError EPERM for a raw socket without {@code CAP_NET_RAW}
     * @throws IllegalArgumentException if {@code proto} is below -1
     * @throws IllegalStateException if the provider is closed
     */
    @Override
    public Socket socket(AddressFamily family, SocketType type, int proto) throws IOException {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(type, "type");
        SocketKinds.check(family, type, proto);
        if (!transport.supports(family, type)) {
            throw unsupported(family, type);
        }
        return NettySockets.create(loops, family, type, SocketKinds.normalize(proto));
    }

    private IOException unsupported(AddressFamily family, SocketType type) {
        String pair = family + "/" + type;
        if (type == SocketType.RAW && family != AddressFamily.UNIX) {
            return Errno.EPROTONOSUPPORT.newException(pair + " sockets are not supported here: "
                    + NettySockets.packetSocketsNeed(transport), null);
        }
        if (type == SocketType.SEQPACKET) {
            return Errno.ESOCKTNOSUPPORT.newException(pair + " sockets are not supported here: "
                    + NettySockets.packetSocketsNeed(transport), null);
        }
        List<Transport> able = Transport.supporting(family, type);
        return Errno.ESOCKTNOSUPPORT.newException(pair + " sockets are not supported on "
                + transport + (able.isEmpty() ? "; no transport here has them" : "; use " + able), null);
    }

    /**
     * Binds an event-style server on this provider's event loops (called by
     * {@link io.socketkit.server.SocketServer} for {@link ServerConfig#events} configurations).
     *
     * @param config the server
     * @param admission the server's admission path and counters
     * @return the running server
     * @throws IOException if binding fails (EADDRINUSE as {@link io.socketkit.AddressInUseError})
     */
    @Override
    public Running bind(ServerConfig config, Admission admission) throws IOException {
        return eventServers.bind(config, admission);
    }

    /** Closes every socket of this provider and stops its event loops; idempotent. */
    @Override
    public void close() {
        loops.close();
    }

    @Override
    public String toString() {
        return "NettyProvider[" + transport.displayName() + "]";
    }
}
