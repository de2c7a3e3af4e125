package io.socketkit.netty.internal;

import java.io.IOException;

/**
 * Where a platform thread sleeps in the kernel until a descriptor is ready, as a JDK blocking socket
 * does: one wake-up when the data arrives, none through an event loop. One per thread; another thread
 * may {@link #wakeup()} it (close does, so a closed socket's waiters return at once).
 */
interface KernelWaiter {
    /**
     * Sleeps until the descriptor may be ready, {@link #wakeup()} is called, or the time is out. It may
     * return early: the caller looks again either way.
     *
     * @param io the descriptor
     * @param write whether to wait until it is writable rather than readable
     * @param nanos the longest wait; {@link Long#MAX_VALUE} for no limit
     * @throws IOException if the wait itself fails
     */
    void await(DirectIo io, boolean write, long nanos) throws IOException;

    /** Ends the current or the next wait of the owning thread; callable from any thread. */
    void wakeup();
}
