package io.socketkit.netty.internal;

import java.nio.ByteBuffer;

/**
 * A platform thread's own direct memory, through which the fast path reads and writes heap memory: the
 * kernel needs native memory, and taking a buffer from Netty's allocator for each call costs more than
 * the call itself on a thread that is not an event loop's (the JDK keeps such a buffer per thread too);
 * the allocator also grows its pools for every thread that asks, which an idle connection's thread
 * then keeps in resident memory.
 *
 * <p>Each platform thread has a small buffer of its own for good ({@value #PROBE} bytes: a first
 * read of a connection that sends nothing, often EAGAIN, costs no more), and a large one while its
 * connection moves bytes: {@link #moved} makes it after a call that moved bytes through the small one, it grows to the largest
 * size asked (at most {@link DirectIo#MAX_CHUNK}), and it is {@link #drop}ped when the connection goes
 * idle. Virtual threads have neither (they are many, and their reads wait for the event loop or the
 * poller): callers use Netty's allocator there.
 */
final class Scratch {
    /** The small buffer's size: a call through it moves at most this many bytes. */
    static final int PROBE = 512;
    private static final int SMALLEST = 16 * 1024;
    private static final ThreadLocal<ByteBuffer> LARGE = new ThreadLocal<>();
    private static final ThreadLocal<ByteBuffer> SMALL = new ThreadLocal<>();

    private Scratch() {
    }

    /**
     * The calling thread's buffer, cleared, with room from position 0 for {@code size} bytes or, while
     * the thread has only its small one, {@value #PROBE} at most (its limit says which); null on a
     * virtual thread. The caller then tells {@link #moved}.
     *
     * @param size at most {@link DirectIo#MAX_CHUNK}
     */
    static ByteBuffer take(int size) {
        ByteBuffer buffer = LARGE.get();
        if (buffer == null) {
            if (Threads.isVirtual(Thread.currentThread())) {
                return null;
            }
            buffer = SMALL.get();
            if (buffer == null) {
                buffer = ByteBuffer.allocateDirect(PROBE);
                SMALL.set(buffer);
            }
            buffer.clear().limit(Math.min(size, PROBE));
            return buffer;
        }
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(size - 1) << 1);
            LARGE.set(buffer);
        }
        buffer.clear().limit(size);
        return buffer;
    }

    /**
     * After a call through a buffer {@link #take} gave: bytes moved through the small one give the
     * thread its large one, since its connection moves bytes.
     *
     * @param used the buffer the call used
     * @param moved the bytes it moved
     */
    static void moved(ByteBuffer used, int moved) {
        if (moved > 0 && used.capacity() == PROBE && LARGE.get() == null) {
            LARGE.set(ByteBuffer.allocateDirect(SMALLEST));
        }
    }

    /** Drops the calling thread's large buffer (its connection is idle); its memory goes with the next GC. */
    static void drop() {
        LARGE.remove();
    }
}
