package io.socketkit;

import java.util.Objects;

/**
 * A typed socket option, named after the OS option: {@code sock.setOption(SocketOption.TCP_NODELAY, true)}
 * is Python's {@code sock.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)}.
 *
 * <p>Which options a socket has depends on its family, type and transport; asking one it lacks fails
 * with {@link Errno#ENOPROTOOPT} or {@link Errno#EOPNOTSUPP} (TCP_NODELAY on a Unix socket), as on Linux.
 * Options set before a socket is bound or connected are kept and applied when its descriptor is made.
 *
 * @param <T> the value type
 */
public final class SocketOption<T> {
    /** {@code SO_REUSEADDR}: bind a port with connections in TIME_WAIT. */
    public static final SocketOption<Boolean> SO_REUSEADDR = new SocketOption<>("SO_REUSEADDR", Boolean.class);
    /** {@code SO_REUSEPORT}: several sockets share a port (Linux spreads the connections); not on Unix sockets. */
    public static final SocketOption<Boolean> SO_REUSEPORT = new SocketOption<>("SO_REUSEPORT", Boolean.class);
    /** {@code SO_KEEPALIVE}: send TCP keep-alive probes. */
    public static final SocketOption<Boolean> SO_KEEPALIVE = new SocketOption<>("SO_KEEPALIVE", Boolean.class);
    /** {@code SO_RCVBUF}: the kernel's receive buffer, in bytes (Linux doubles what is set). */
    public static final SocketOption<Integer> SO_RCVBUF = new SocketOption<>("SO_RCVBUF", Integer.class);
    /** {@code SO_SNDBUF}: the kernel's send buffer, in bytes (Linux doubles what is set). */
    public static final SocketOption<Integer> SO_SNDBUF = new SocketOption<>("SO_SNDBUF", Integer.class);
    /** {@code SO_LINGER}: seconds {@code close} lingers to send what is queued; {@code -1} is off. */
    public static final SocketOption<Integer> SO_LINGER = new SocketOption<>("SO_LINGER", Integer.class);
    /** {@code SO_BROADCAST}: allow datagrams to broadcast addresses. */
    public static final SocketOption<Boolean> SO_BROADCAST = new SocketOption<>("SO_BROADCAST", Boolean.class);
    /** {@code TCP_NODELAY}: turn off Nagle's algorithm. */
    public static final SocketOption<Boolean> TCP_NODELAY = new SocketOption<>("TCP_NODELAY", Boolean.class);
    /** {@code IP_MULTICAST_TTL}: hops of outgoing multicast datagrams. */
    public static final SocketOption<Integer> IP_MULTICAST_TTL = new SocketOption<>("IP_MULTICAST_TTL", Integer.class);
    /** {@code IP_MULTICAST_LOOP}: deliver own multicast datagrams back to this host. */
    public static final SocketOption<Boolean> IP_MULTICAST_LOOP = new SocketOption<>("IP_MULTICAST_LOOP", Boolean.class);
    /** {@code IP_TOS}: the type-of-service byte of outgoing packets. */
    public static final SocketOption<Integer> IP_TOS = new SocketOption<>("IP_TOS", Integer.class);
    /** {@code IPV6_V6ONLY}: an INET6 socket takes IPv6 only (off: IPv4-mapped too); native transports. */
    public static final SocketOption<Boolean> IPV6_V6ONLY = new SocketOption<>("IPV6_V6ONLY", Boolean.class);
    /** {@code TCP_KEEPIDLE}: seconds idle before the first keep-alive probe. */
    public static final SocketOption<Integer> TCP_KEEPIDLE = new SocketOption<>("TCP_KEEPIDLE", Integer.class);
    /** {@code TCP_KEEPINTVL}: seconds between keep-alive probes. */
    public static final SocketOption<Integer> TCP_KEEPINTVL = new SocketOption<>("TCP_KEEPINTVL", Integer.class);
    /** {@code TCP_KEEPCNT}: unanswered probes before the connection is dropped. */
    public static final SocketOption<Integer> TCP_KEEPCNT = new SocketOption<>("TCP_KEEPCNT", Integer.class);
    /** {@code TCP_QUICKACK}: acknowledge at once rather than delayed (Linux). */
    public static final SocketOption<Boolean> TCP_QUICKACK = new SocketOption<>("TCP_QUICKACK", Boolean.class);
    /** {@code TCP_USER_TIMEOUT}: milliseconds sent data may stay unacknowledged (Linux; native transports). */
    public static final SocketOption<Integer> TCP_USER_TIMEOUT = new SocketOption<>("TCP_USER_TIMEOUT", Integer.class);
    /** {@code TCP_CORK}: hold partial frames until uncorked (Linux; native transports). */
    public static final SocketOption<Boolean> TCP_CORK = new SocketOption<>("TCP_CORK", Boolean.class);
    /** {@code IP_FREEBIND}: bind an address not (yet) on this host (Linux; native transports). */
    public static final SocketOption<Boolean> IP_FREEBIND = new SocketOption<>("IP_FREEBIND", Boolean.class);
    /** {@code IP_TRANSPARENT}: transparent proxying (Linux, needs CAP_NET_ADMIN; native transports). */
    public static final SocketOption<Boolean> IP_TRANSPARENT = new SocketOption<>("IP_TRANSPARENT", Boolean.class);
    /**
     * {@code IP_HDRINCL}: a raw IPv4 socket's packets carry the IP header the caller built (raw sockets
     * only; on by itself for {@link Sockets#IPPROTO_RAW}).
     */
    public static final SocketOption<Boolean> IP_HDRINCL = new SocketOption<>("IP_HDRINCL", Boolean.class);

    private final String name;
    private final Class<T> type;

    private SocketOption(String name, Class<T> type) {
        this.name = name;
        this.type = type;
    }

    /**
     * The OS name of the option.
     *
     * @return the name, {@code "SO_REUSEADDR"}
     */
    public String name() {
        return name;
    }

    /**
     * The value type.
     *
     * @return the class of the values
     */
    public Class<T> type() {
        return type;
    }

    /**
     * Checks a value for this option.
     *
     * @param value the value
     * @return the value
     * @throws NullPointerException if the value is null
     * @throws IllegalArgumentException if a size or count is negative
     */
    public T check(T value) {
        Objects.requireNonNull(value, name);
        if (value instanceof Integer && (Integer) value < 0 && this != SO_LINGER) {
            throw new IllegalArgumentException(name + " < 0: " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return name;
    }
}
