package io.socketkit.netty.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a receive on the fast path waits for its socket's descriptor to be readable (and a
 * {@code send_fds} for it to be writable), when it does not park for the event loop: a platform thread asleep in the kernel ({@link KernelWaiter}), or a virtual
 * thread woken by the {@link VirtualPoller}. Either way the caller then reads the descriptor itself.
 * Everything here runs under the owner's lock (released while asleep).
 *
 * <h2>Idle connections</h2>
 * One kernel wait lasts at most {@link ThreadWaiter#IDLE_NANOS}; one that outlasts it finds the
 * connection idle. The thread drops its {@link Scratch} buffer, then either gives back a waiter that
 * holds kilobytes ({@link KernelWaiter#retiresWhenIdle}) and parks for the event loop for the rest of
 * the receive, or keeps a light one and sleeps on without a limit. An idle connection's thread thus
 * holds no more than it did before the fast path; a busy one keeps its waiter.
 */
final class DirectWaits {
    /** What a receive's waits found: the connection busy. */
    static final int ACTIVE = 0;
    /** The connection idle, the thread asleep in the kernel without a limit. */
    static final int IDLE = 1;
    /** The connection idle, the thread's waiter given back: it parks for the event loop. */
    static final int IDLE_PARKED = 2;

    private final StreamSocket owner;
    /** Platform threads asleep in the kernel until the descriptor is ready; woken by close and by the loop. */
    private final List<KernelWaiter> sleepers = new ArrayList<>(2);
    /** This socket's place in the {@link VirtualPoller}, made when a virtual thread first waits. */
    private VirtualPoller.Interest polled;

    DirectWaits(StreamSocket owner) {
        this.owner = owner;
    }

    /**
     * Sleeps in the kernel until the descriptor may be readable, the time is out, or a close or
     * shutdown wakes the thread; under the owner's lock, released meanwhile.
     *
     * @param sleeper the calling thread's waiter
     * @param nanos the longest wait; {@link Long#MAX_VALUE} for no limit
     * @param idle {@link #ACTIVE}, or what an earlier wait of this receive found
     * @return {@link #ACTIVE}, {@link #IDLE} or {@link #IDLE_PARKED}
     * @throws IOException if the wait fails (not because the socket was closed meanwhile: the caller
     *     sees the close), or the thread is interrupted
     */
    int sleep(KernelWaiter sleeper, DirectIo io, long nanos, int idle) throws IOException {
        long stint = idle != ACTIVE ? nanos : Math.min(nanos, ThreadWaiter.IDLE_NANOS);
        long start = System.nanoTime();
        armAndSleep(sleeper, io, false, stint);
        if (idle != ACTIVE || stint == nanos || System.nanoTime() - start < stint) {
            return idle;
        }
        Scratch.drop();
        if (!sleeper.retiresWhenIdle()) {
            return IDLE;
        }
        // Out of every socket's sleepers now, so no close can wake it while it is released.
        owner.lock.unlock();
        try {
            sleeper.retire();
        } finally {
            owner.lock.lock();
        }
        return IDLE_PARKED;
    }

    /**
     * Sleeps in the kernel until the descriptor may be writable, the time is out, or a close wakes the
     * thread; under the owner's lock, released meanwhile. For {@code send_fds}, whose bytes cannot be
     * handed to the event loop; no idle rule (a sender with nothing to send does not wait here).
     *
     * @throws IOException as {@link #sleep}
     */
    void sleepForWrite(KernelWaiter sleeper, DirectIo io, long nanos) throws IOException {
        armAndSleep(sleeper, io, true, nanos);
    }

    /**
     * Arms the waiter while the lock is held and the socket open, then sleeps with the lock released,
     * among the sleepers a close wakes. A wait that fails because the socket was closed meanwhile is
     * not an error of its own: the caller sees the close.
     */
    private void armAndSleep(KernelWaiter sleeper, DirectIo io, boolean write, long nanos) throws IOException {
        sleeper.arm(io, write);
        sleepers.add(sleeper);
        owner.lock.unlock();
        try {
            sleeper.sleep(nanos);
        } catch (IOException e) {
            if (!owner.closed || e instanceof InterruptedIOException) {
                throw e;
            }
        } finally {
            owner.lock.lock();
            sleepers.remove(sleeper);
        }
    }

    /**
     * Asks the {@link VirtualPoller} to wake this socket's waiters when the descriptor is readable,
     * where the transport has one; the caller then parks on the owner's {@code readable}.
     *
     * @return false where there is no poller for this descriptor, or it refused it (the channel was
     *     closed under the socket: the event loop reports how)
     */
    boolean armPoller(DirectIo io) {
        if (polled == null) {
            if (!(io instanceof NativeDirectIo) || !VirtualPoller.available()) {
                return false;
            }
            polled = new VirtualPoller.Interest(((NativeDirectIo) io).fd(), this::pollerReady);
        }
        try {
            polled.arm();
            return true;
        } catch (IOException e) {
            polled.cancel();
            return false;
        }
    }

    /** On the poller's thread: the descriptor is readable, so the waiting caller reads it. */
    private void pollerReady() {
        owner.lock.lock();
        try {
            owner.readable.signalAll();
        } finally {
            owner.lock.unlock();
        }
    }

    /** Wakes whoever sleeps in the kernel on this socket. */
    void wakeSleepers() {
        for (KernelWaiter sleeper : sleepers) {
            sleeper.wakeup();
        }
    }

    /** The socket closed: sleepers wake, and it leaves the poller's set. */
    void close() {
        wakeSleepers();
        if (polled != null) {
            polled.cancel();
        }
    }
}
