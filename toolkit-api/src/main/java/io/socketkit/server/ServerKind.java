package io.socketkit.server;

import io.socketkit.AddressFamily;
import io.socketkit.SocketType;
import java.net.SocketAddress;

/** The four servers of Python's {@code socketserver}: TCPServer, UDPServer, UnixStreamServer, UnixDatagramServer. */
public enum ServerKind {
    /** {@code TCPServer}: INET or INET6 streams. */
    TCP(SocketType.STREAM),
    /** {@code UDPServer}: INET or INET6 datagrams. */
    UDP(SocketType.DGRAM),
    /** {@code UnixStreamServer}. */
    UNIX_STREAM(SocketType.STREAM),
    /** {@code UnixDatagramServer} (on transports with Unix datagrams). */
    UNIX_DATAGRAM(SocketType.DGRAM);

    private final SocketType type;

    ServerKind(SocketType type) {
        this.type = type;
    }

    /**
     * The socket type of this kind.
     *
     * @return STREAM or DGRAM
     */
    public SocketType type() {
        return type;
    }

    /**
     * Whether connections are accepted (stream kinds) rather than datagrams received.
     *
     * @return true for TCP and UNIX_STREAM
     */
    public boolean isStream() {
        return type == SocketType.STREAM;
    }

    /**
     * Whether a family and this kind go together.
     *
     * @param family the address's family
     * @return true if a server of this kind can listen on such an address
     */
    public boolean accepts(AddressFamily family) {
        return (family == AddressFamily.UNIX) == (this == UNIX_STREAM || this == UNIX_DATAGRAM);
    }

    /**
     * The kind Python would use for an address and type.
     *
     * @param address where to listen
     * @param type STREAM or DGRAM
     * @return the kind
     * @throws IllegalArgumentException for another type
     */
    public static ServerKind of(SocketAddress address, SocketType type) {
        boolean unix = AddressFamily.of(address) == AddressFamily.UNIX;
        switch (type) {
            case STREAM:
                return unix ? UNIX_STREAM : TCP;
            case DGRAM:
                return unix ? UNIX_DATAGRAM : UDP;
            default:
                throw new IllegalArgumentException("servers are STREAM or DGRAM, not " + type);
        }
    }
}
