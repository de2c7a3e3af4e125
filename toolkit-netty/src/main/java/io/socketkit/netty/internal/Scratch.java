package io.socketkit.netty.internal;

import java.nio.ByteBuffer;

/**
 * A platform thread's own direct buffer, through which the fast path reads and writes heap memory: the
 * kernel needs native memory, and taking a buffer from Netty's allocator for each call costs more than
 * the call itself on a thread that is not an event loop's (the JDK keeps such a buffer per thread too).
 *
 * <p>Only threads whose connections move bytes hold one: a thread gets it ({@link #warm}) after a call
 * that moved bytes through Netty's allocator, and drops it when its connection goes idle; so a thread
 * that waits on a connection that sends nothing holds none. It grows to the largest size asked, at most
 * {@link DirectIo#MAX_CHUNK}. Virtual threads never have one (they are many, and their reads wait for
 * the event loop or the poller): callers use Netty's allocator there.
 */
final class Scratch {
    private static final int SMALLEST = 16 * 1024;
    private static final ThreadLocal<ByteBuffer> CURRENT = new ThreadLocal<>();

    private Scratch() {
    }

    /**
     * The calling thread's buffer, cleared, with room for {@code size} bytes from position 0 (its limit
     * is {@code size}); null where the thread has none: the caller uses Netty's allocator, then
     * {@link #warm}s the thread if bytes moved.
     *
     * @param size at most {@link DirectIo#MAX_CHUNK}
     */
    static ByteBuffer take(int size) {
        ByteBuffer buffer = CURRENT.get();
        if (buffer == null) {
            return null;
        }
        if (buffer.capacity() < size) {
            buffer = newBuffer(size);
        }
        buffer.clear().limit(size);
        return buffer;
    }

    /** Gives the calling platform thread a buffer: its connection moves bytes. */
    static void warm() {
        if (CURRENT.get() == null && !Threads.isVirtual(Thread.currentThread())) {
            newBuffer(SMALLEST);
        }
    }

    private static ByteBuffer newBuffer(int size) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(SMALLEST, Integer.highestOneBit(size - 1) << 1));
        CURRENT.set(buffer);
        return buffer;
    }

    /** Drops the calling thread's buffer (its connection is idle); its memory goes with the next GC. */
    static void drop() {
        CURRENT.remove();
    }
}
