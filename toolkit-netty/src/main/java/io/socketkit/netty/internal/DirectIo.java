package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The fast path's access to a connected stream channel: the calling thread's own non-blocking
 * {@code read} and {@code write} on the channel's descriptor, and where that thread sleeps when the
 * kernel says EAGAIN. A transport that cannot do this safely has none ({@link Backend#directIo}).
 *
 * <p>Callers must hold the socket's lock for each call and must not call once the socket is closed:
 * that is what keeps the descriptor from being closed (and its number reused) under a call.
 */
abstract class DirectIo {
    /** The most one direct read or write moves. */
    static final int MAX_CHUNK = 64 * 1024;

    /**
     * Reads into the buffer's remaining space (a direct buffer), advancing its position.
     *
     * @return the bytes read, 0 if none are there now (EAGAIN), -1 at end of stream
     * @throws IOException the read's error (ECONNRESET and the like), errno attached
     */
    abstract int read(ByteBuffer buffer) throws IOException;

    /**
     * Writes the buffer's remaining bytes (a direct buffer) as far as the kernel takes them, advancing
     * its position.
     *
     * @return the bytes written, 0 if the kernel takes none now (EAGAIN)
     * @throws IOException the write's error (EPIPE, ECONNRESET), errno attached
     */
    abstract int write(ByteBuffer buffer) throws IOException;

    /**
     * Reads up to {@code max} bytes (fewer while the thread has only its small one) through the thread's
     * {@link Scratch} buffer, or through a pooled direct buffer on a virtual thread.
     *
     * @return the bytes read; an empty array if none are there now (EAGAIN); null at end of stream
     * @throws IOException the read's error
     */
    final byte[] read(ByteBufAllocator alloc, int max) throws IOException {
        ByteBuffer scratch = Scratch.take(max);
        if (scratch != null) {
            int n = read(scratch);
            if (n < 0) {
                return null;
            }
            Scratch.moved(scratch, n);
            byte[] data = new byte[n];
            scratch.flip().get(data);
            return data;
        }
        ByteBuf buffer = alloc.directBuffer(max);
        try {
            // Positions are the NIO view's own: a pooled buffer's view may start anywhere in its chunk.
            int n = read(buffer.internalNioBuffer(0, max));
            if (n < 0) {
                return null;
            }
            byte[] data = new byte[n];
            buffer.getBytes(0, data, 0, n);
            return data;
        } finally {
            buffer.release();
        }
    }

    /**
     * The calling thread's place to sleep until this descriptor is ready, or null where the thread must
     * instead park and be woken by the event loop (a virtual thread must never block in the kernel: it
     * would pin its carrier).
     */
    final KernelWaiter waiter() {
        if (!Threads.kernelWait()) {
            return null;
        }
        try {
            return threadWaiter();
        } catch (RuntimeException e) {
            // No descriptors for a set of its own (EMFILE): this thread parks for the event loop instead.
            return null;
        }
    }

    /**
     * The calling platform thread's own waiter of this transport, made on first use; null where the
     * transport can have none here.
     *
     * @throws RuntimeException if its descriptors cannot be had
     */
    abstract KernelWaiter threadWaiter();
}
