package io.socketkit.netty.internal;

import java.nio.ByteBuffer;

/**
 * A platform thread's own direct buffer, through which the fast path reads and writes heap memory: the
 * kernel needs native memory, and taking a buffer from Netty's allocator for each call costs more than
 * the call itself on a thread that is not an event loop's (the JDK keeps such a buffer per thread too).
 * It grows to the largest size asked, at most {@link DirectIo#MAX_CHUNK}, and is dropped when the
 * thread's connection goes idle, so idle threads hold none.
 *
 * <p>Virtual threads have none (they are many, and their reads go through the event loop): callers
 * fall back to Netty's allocator there.
 */
final class Scratch {
    private static final int SMALLEST = 16 * 1024;
    private static final ThreadLocal<ByteBuffer> CURRENT = new ThreadLocal<>();

    private Scratch() {
    }

    /**
     * The calling platform thread's buffer, cleared, with room for {@code size} bytes from position 0
     * (its limit is {@code size}); null on a virtual thread.
     *
     * @param size at most {@link DirectIo#MAX_CHUNK}
     */
    static ByteBuffer take(int size) {
        if (Threads.isVirtual(Thread.currentThread())) {
            return null;
        }
        ByteBuffer buffer = CURRENT.get();
        if (buffer == null || buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Math.max(SMALLEST, Integer.highestOneBit(size - 1) << 1));
            CURRENT.set(buffer);
        }
        buffer.clear().limit(size);
        return buffer;
    }

    /** Drops the calling thread's buffer (its connection is idle); its memory goes with the next GC. */
    static void drop() {
        CURRENT.remove();
    }
}
