package io.socketkit.netty.internal;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import java.io.IOException;

/** The factory the public provider calls: the socket classes stay internal. */
public final class NettySockets {
    private NettySockets() {
    }

    /**
     * A new socket of a triple the transport supports ({@link Backend#supports}) and Linux accepts
     * ({@link io.socketkit.spi.SocketKinds}).
     *
     * @param loops the provider's event loops
     * @param family the family
     * @param type the type
     * @param proto the protocol, 0 for the type's default
     * @return the socket
     * @throws IOException if it cannot be made (EPERM for a raw socket without the privilege)
     */
    public static Socket create(EventLoops loops, AddressFamily family, SocketType type, int proto) throws IOException {
        if (isPacket(family, type)) {
            return new PacketSocket(loops, family, type, proto);
        }
        NettySocket socket;
        if (type == SocketType.STREAM) {
            socket = new StreamSocket(loops, family);
        } else {
            // DGRAM, or Unix RAW, which Linux makes a datagram socket.
            socket = new DatagramSocket(loops, family, type);
        }
        socket.protocol = proto;
        return socket;
    }

    /** Whether sockets of this kind have no Netty channel and are {@link PacketSocket}s. */
    static boolean isPacket(AddressFamily family, SocketType type) {
        return (type == SocketType.RAW && family != AddressFamily.UNIX)
                || (type == SocketType.SEQPACKET && family == AddressFamily.UNIX);
    }

    /**
     * What a transport lacks for packet sockets (raw over IP, seqpacket over Unix), for the error that
     * refuses them.
     *
     * @param transport the transport asked
     * @return the reason, naming what would work
     */
    public static String packetSocketsNeed(io.socketkit.netty.Transport transport) {
        String missing = NativeSockets.missing();
        return "they need the EPOLL transport on Java 22+ (socket(2) through the foreign-function API; Netty"
                + " has no channel for them)" + (transport != io.socketkit.netty.Transport.EPOLL
                ? "; this provider is " + transport : "") + (missing == null ? "" : "; missing here: " + missing);
    }
}
