package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What a stream socket's event loop has read and its caller has not yet received: Netty's buffers as
 * they arrived, and their total size. Not thread-safe: its owner guards it with its own lock. Every
 * buffer in it is the queue's to release.
 */
final class InboundQueue {
    private static final byte[] EMPTY = new byte[0];

    private final ArrayDeque<ByteBuf> buffers = new ArrayDeque<>();
    private int bytes;

    /** Takes ownership of a readable buffer. */
    void add(ByteBuf buffer) {
        buffers.add(buffer);
        bytes += buffer.readableBytes();
    }

    boolean isEmpty() {
        return buffers.isEmpty();
    }

    /** The bytes waiting. */
    int bytes() {
        return bytes;
    }

    /** Copies up to {@code max} bytes off the head, releasing the buffers it empties. */
    byte[] take(int max) {
        int size = Math.min(max, bytes);
        if (size == 0) {
            return EMPTY;
        }
        byte[] data = new byte[size];
        takeInto(ByteBuffer.wrap(data));
        return data;
    }

    /**
     * Copies up to {@code target.remaining()} bytes off the head straight into the target, advancing
     * its position, releasing the buffers it empties.
     *
     * @return the bytes copied
     */
    int takeInto(ByteBuffer target) {
        int size = Math.min(target.remaining(), bytes);
        int limit = target.limit();
        int filled = 0;
        while (filled < size) {
            ByteBuf head = buffers.peek();
            int chunk = Math.min(size - filled, head.readableBytes());
            target.limit(target.position() + chunk);
            head.readBytes(target);
            target.limit(limit);
            filled += chunk;
            if (!head.isReadable()) {
                buffers.poll().release();
            }
        }
        bytes -= size;
        return size;
    }

    /** Empties the queue, handing its buffers (and the duty to release them) to the caller, oldest first. */
    List<ByteBuf> drain() {
        List<ByteBuf> drained = new ArrayList<>(buffers);
        buffers.clear();
        bytes = 0;
        return drained;
    }

    /** Empties the queue, releasing what it held. */
    void release() {
        for (ByteBuf buffer : buffers) {
            buffer.release();
        }
        buffers.clear();
        bytes = 0;
    }
}
