package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.socketkit.Datagram;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A datagram socket's received datagrams, waiting for {@code recvfrom}, bounded by {@link #LIMIT}
 * bytes: past it the event loop stops reading and the kernel's buffer takes over. Not thread-safe: the
 * socket's lock guards it.
 */
final class DatagramInbox {
    static final int LIMIT = 256 * 1024;
    /** What a queued datagram costs beyond its bytes, so that empty ones are bounded too. */
    private static final int OVERHEAD = 64;

    private final ArrayDeque<Datagram> queue = new ArrayDeque<>();
    private int bytes;

    /**
     * A received datagram, copied out of Netty's buffer at once (the queue holds what arrived, not the
     * read buffer's capacity) and released.
     */
    static Datagram copy(AddressedEnvelope<ByteBuf, SocketAddress> envelope, Backend backend) {
        try {
            ByteBuf content = envelope.content();
            byte[] data = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), data);
            return new Datagram(data, backend.sender(envelope.sender()));
        } finally {
            envelope.release();
        }
    }

    /** The datagram as {@code recvfrom(bufsize)} returns it: cut as the kernel cuts, the rest gone. */
    static Datagram cut(Datagram packet, int bufsize) {
        return bufsize >= packet.data().length ? packet
                : new Datagram(Arrays.copyOf(packet.data(), bufsize), packet.address());
    }

    void add(Datagram packet) {
        queue.add(packet);
        bytes += packet.data().length + OVERHEAD;
    }

    /** The oldest datagram, or null. */
    Datagram poll() {
        Datagram packet = queue.poll();
        if (packet != null) {
            bytes -= packet.data().length + OVERHEAD;
        }
        return packet;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Whether there is room for more: the loop reads only then. */
    boolean hasRoom() {
        return bytes < LIMIT;
    }

    void clear() {
        queue.clear();
        bytes = 0;
    }
}
