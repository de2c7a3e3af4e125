package io.socketkit.netty.internal;

import java.io.IOException;

/**
 * Where a platform thread sleeps in the kernel until a descriptor is ready, as a JDK blocking socket
 * does: one wake-up when the data arrives, none through an event loop. One per thread; another thread
 * may {@link #wakeup()} it (close does, so a closed socket's waiters return at once).
 */
interface KernelWaiter {
    /**
     * Makes the next {@link #sleep} end when the descriptor is ready. Called with the socket's lock held
     * and the socket open, so that the descriptor cannot be closed (and its number given to another
     * socket) under the registration.
     *
     * @param io the descriptor
     * @param write whether to wait until it is writable rather than readable
     * @throws IOException if the registration fails
     */
    void arm(DirectIo io, boolean write) throws IOException;

    /**
     * Sleeps until the armed descriptor may be ready, {@link #wakeup()} is called, or the time is out;
     * called without the socket's lock. It may return early: the caller looks again either way.
     *
     * @param nanos the longest wait; {@link Long#MAX_VALUE} for no limit
     * @throws IOException if the wait itself fails, or the thread is interrupted
     */
    void sleep(long nanos) throws IOException;

    /** Ends the current or the next wait of the owning thread; callable from any thread. */
    void wakeup();

    /**
     * Whether the thread gives this waiter back ({@link #retire}) when its connection goes idle, and
     * parks for the event loop instead: a waiter that holds kilobytes of its own (an epoll set, a
     * selector) is not worth keeping for an idle connection.
     */
    default boolean retiresWhenIdle() {
        return false;
    }

    /** Gives this waiter back on its owning thread, which makes a new one at its next wait. */
    default void retire() {
    }
}
