package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.nio.AbstractNioChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.socketkit.Errno;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * Sends an empty datagram by a system call on a datagram channel's descriptor: Netty 4.2.18's NIO,
 * epoll and kqueue datagram channels skip an empty buffer on write (their {@code doWriteMessage}
 * returns "done" for 0 readable bytes), so Python's {@code sendto(b"", addr)} would send nothing.
 * {@link Backend#emptyDatagramSender} gives one where the transport needs it.
 *
 * <p>The caller keeps the descriptor open across the call: it holds the socket's lock with the socket
 * not closed, or runs on the channel's event loop (which alone closes it).
 *
 * <p>What neither Netty's nor the JDK's public calls tell: both return 0 for an empty datagram sent
 * and for one the kernel refused with EAGAIN (a full send buffer, a full Unix receiver), so such a
 * datagram is lost silently, as one the kernel drops on the way is.
 */
abstract class EmptyDatagramSender {
    /** Nothing to send: position 0, limit 0. Never written, so one serves every thread. */
    private static final ByteBuffer NOTHING = ByteBuffer.allocateDirect(1).limit(0);

    /**
     * Sends one empty datagram.
     *
     * @param recipient Netty's address of the recipient, or null for the connected peer
     * @throws IOException the system call's error (ECONNREFUSED, ENOENT, ...), errno attached
     */
    abstract void send(SocketAddress recipient) throws IOException;

    /** On a native channel (epoll, kqueue): Netty's public {@link Socket} calls on its descriptor. */
    static EmptyDatagramSender of(UnixChannel channel) {
        return new Native((Socket) channel.fd());
    }

    /** On an NIO channel: the JDK's {@link DatagramChannel} under Netty's. */
    static EmptyDatagramSender ofNio(Channel channel) {
        return new Nio((DatagramChannel) ((AbstractNioChannel.NioUnsafe) channel.unsafe()).ch());
    }

    private static final class Native extends EmptyDatagramSender {
        private final Socket socket;

        Native(Socket socket) {
            this.socket = socket;
        }

        @Override
        void send(SocketAddress recipient) throws IOException {
            try {
                if (recipient == null) {
                    socket.send(NOTHING, 0, 0);
                } else if (recipient instanceof DomainSocketAddress) {
                    socket.sendToDomainSocket(NOTHING, 0, 0,
                            ((DomainSocketAddress) recipient).path().getBytes(StandardCharsets.UTF_8));
                } else {
                    InetSocketAddress inet = (InetSocketAddress) recipient;
                    socket.sendTo(NOTHING, 0, 0, inet.getAddress(), inet.getPort());
                }
            } catch (java.net.PortUnreachableException e) {
                // Netty's name for ECONNREFUSED (an ICMP port unreachable from an earlier datagram).
                IOException refused = Errno.ECONNREFUSED.newException("sendto", recipient);
                refused.initCause(e);
                throw refused;
            }
        }
    }

    private static final class Nio extends EmptyDatagramSender {
        private final DatagramChannel channel;

        Nio(DatagramChannel channel) {
            this.channel = channel;
        }

        @Override
        void send(SocketAddress recipient) throws IOException {
            // The JDK's write of nothing makes no system call: a connected channel sends to its peer.
            channel.send(NOTHING.duplicate(), recipient != null ? recipient : channel.getRemoteAddress());
        }
    }
}
