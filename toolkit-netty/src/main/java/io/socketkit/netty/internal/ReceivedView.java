package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * What an event handler is being given: a read-only view of Netty's buffer, and the buffer to send when
 * the handler writes that view back, so that an echo sends the received memory without a copy. Event
 * loop only; the view is valid from {@link #open} to {@link #close}, during which the caller keeps its
 * own reference to the buffer.
 */
final class ReceivedView {
    private ByteBuf buffer;
    private ByteBuffer view;
    /** Where the bytes began and how many there were at {@link #open}: Netty moves a written buffer's reader index. */
    private int base;
    private int length;
    /** Whether the buffer object itself went out once; later writes of it go as slices. */
    private boolean taken;

    /** Starts handing out {@code received}; returns the view to give the handler. */
    ByteBuffer open(ByteBuf received) {
        buffer = received;
        base = received.readerIndex();
        length = received.readableBytes();
        taken = false;
        view = received.nioBuffer().asReadOnlyBuffer();
        return view;
    }

    /**
     * The buffer to send for {@code data}, retained for the write: the received buffer (once) or a slice
     * of it, from the view's position to its limit; null if {@code data} is not the open view.
     */
    ByteBuf retainedFor(ByteBuffer data) {
        if (buffer == null || data != view) {
            return null;
        }
        if (!taken && data.position() == 0 && data.remaining() == length) {
            taken = true;
            return buffer.retain();
        }
        return buffer.retainedSlice(base + data.position(), data.remaining());
    }

    /** Ends the handler's call: the view is no longer recognised. */
    void close() {
        buffer = null;
        view = null;
    }
}
