package io.socketkit.netty.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link KernelWaiter} that belongs to one platform thread and holds descriptors of its own (an epoll
 * set, a selector). A thread's waiter lives as long as the thread; the waiters of threads that have
 * ended are released when another thread makes its own, so threads that come and go do not pile up
 * descriptors.
 */
abstract class ThreadWaiter implements KernelWaiter {
    /** Every live thread's waiters, so that those of ended threads can be released. Guarded by itself. */
    private static final List<ThreadWaiter> ALL = new ArrayList<>();

    /**
     * How long one wait in the kernel lasts before the connection counts as idle: the thread then gives
     * back what it holds for the fast path (see {@code StreamReceiver#awaitReadable}).
     */
    static final long IDLE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private final Thread owner = Thread.currentThread();
    /** The per-thread slot this waiter sits in, emptied when it {@link #retire retires}. */
    private ThreadLocal<? extends ThreadWaiter> slot;

    /**
     * The calling thread's waiter of one kind, made on first use.
     *
     * @param current the kind's per-thread slot
     * @param factory makes one for the calling thread
     */
    static <T extends ThreadWaiter> T current(ThreadLocal<T> current, Function<Thread, T> factory) {
        T waiter = current.get();
        if (waiter == null) {
            waiter = factory.apply(Thread.currentThread());
            synchronized (ALL) {
                for (Iterator<ThreadWaiter> it = ALL.iterator(); it.hasNext(); ) {
                    ThreadWaiter other = it.next();
                    if (!other.owner.isAlive()) {
                        it.remove();
                        // Not on this thread: it may hold a socket's lock, and closing can take a while.
                        java.util.concurrent.ForkJoinPool.commonPool().execute(other::release);
                    }
                }
                ALL.add(waiter);
            }
            ((ThreadWaiter) waiter).slot = current;
            current.set(waiter);
        }
        return waiter;
    }

    /**
     * Throws if the calling thread was interrupted (keeping its interrupt status), as a wait on a
     * condition would. A thread asleep in epoll is not woken by an interrupt (nor is one blocked in a
     * JDK {@code java.net.Socket} read): it sees it when it wakes, or before it sleeps.
     *
     * @throws java.io.InterruptedIOException if the thread is interrupted
     */
    static void checkInterrupt() throws java.io.InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new java.io.InterruptedIOException("interrupted while waiting on a socket");
        }
    }

    /**
     * Releases this waiter on its own thread, which will make a new one at its next wait: for a waiter
     * that costs enough to be worth giving back while its thread's connection is idle. Called without
     * any socket's lock, and after the waiter has left every socket's sleepers (so no close wakes it).
     */
    @Override
    public final void retire() {
        synchronized (ALL) {
            ALL.remove(this);
        }
        slot.remove();
        release();
    }

    /** Releases the descriptors of a waiter no thread uses any more (its thread ended, or it retired). */
    abstract void release();
}
