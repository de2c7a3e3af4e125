package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a datagram socket's datagrams reach the kernel: through Netty's channel, or, for an empty one
 * where the transport would skip it, by the caller's own system call ({@link EmptyDatagramSender}) while
 * none of the socket's datagrams are still queued in Netty (so it overtakes none); otherwise the empty
 * one goes through the channel too, where {@link EmptyDatagramGate} sends it in order.
 */
final class DatagramWriter {
    /** The largest UDP payloads: 65535 less the IP and UDP headers. */
    static final int MAX_UDP4 = 65507;
    static final int MAX_UDP6 = 65527;

    private final Channel channel;
    private final Backend backend;
    /** Null where Netty sends empty datagrams itself. */
    private final EmptyDatagramSender emptySender;
    /** Datagrams handed to Netty and not yet done. */
    private final AtomicInteger queued = new AtomicInteger();

    DatagramWriter(Backend backend, Channel channel) {
        this.backend = backend;
        this.channel = channel;
        this.emptySender = EmptyDatagramGate.install(backend, channel);
    }

    /**
     * Refuses a datagram too long for the family, as the kernel does.
     *
     * @throws IOException EMSGSIZE
     */
    static void checkSize(AddressFamily family, int length, SocketAddress target) throws IOException {
        int max = family == AddressFamily.INET ? MAX_UDP4 : family == AddressFamily.INET6 ? MAX_UDP6 : Integer.MAX_VALUE;
        if (length > max) {
            throw Errno.EMSGSIZE.newException("sendto: " + length + " bytes, max " + max, target);
        }
    }

    /** Whether a datagram of this length goes by {@link #sendEmpty} now rather than through the channel. */
    boolean direct(int length) {
        return length == 0 && emptySender != null && queued.get() == 0;
    }

    /**
     * The caller's own system call for an empty datagram. The caller holds the socket's lock with the
     * socket open, so the descriptor cannot be closed under the call.
     *
     * @param recipient Netty's address, or null for the connected peer
     * @throws IOException the call's error
     */
    void sendEmpty(SocketAddress recipient) throws IOException {
        emptySender.send(recipient);
    }

    /**
     * Hands a datagram to Netty.
     *
     * @param recipient Netty's address, or null for the connected peer
     * @return the write's future
     */
    ChannelFuture write(byte[] data, SocketAddress recipient) {
        ByteBuf content = channel.alloc().buffer(data.length).writeBytes(data);
        Object message = recipient == null ? content : backend.datagram(content, recipient);
        queued.incrementAndGet();
        ChannelFuture written = channel.writeAndFlush(message);
        written.addListener(f -> queued.decrementAndGet());
        return written;
    }
}
