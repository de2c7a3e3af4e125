package io.socketkit.netty.internal;

import io.socketkit.Errno;
import io.socketkit.TimeoutError;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.locks.Condition;

/**
 * One blocking call's time budget in the socket's mode: blocking waits forever, non-blocking throws
 * EAGAIN (or what the call says) at once, timeout mode throws {@link TimeoutError} when the time is out.
 * The budget covers the whole call, as Python's {@code sendall} timeout does.
 */
final class Deadline {
    private static final long FOREVER = Long.MAX_VALUE;

    private final boolean nonBlocking;
    private final long deadlineNanos;

    private Deadline(boolean nonBlocking, long deadlineNanos) {
        this.nonBlocking = nonBlocking;
        this.deadlineNanos = deadlineNanos;
    }

    /** The budget of a call starting now, for a socket with this timeout ({@code null}: blocking). */
    static Deadline start(Duration timeout) {
        if (timeout == null) {
            return new Deadline(false, FOREVER);
        }
        if (timeout.isZero()) {
            return new Deadline(true, 0);
        }
        return new Deadline(false, System.nanoTime() + saturatedNanos(timeout));
    }

    boolean nonBlocking() {
        return nonBlocking;
    }

    /** Nanoseconds left; {@link Long#MAX_VALUE} when blocking, zero or less when out of time. */
    long nanosLeft() {
        return deadlineNanos == FOREVER ? FOREVER : deadlineNanos - System.nanoTime();
    }

    /**
     * Waits once on a condition (whose lock the caller holds), within the budget.
     *
     * @param condition what to wait on
     * @param wouldBlock the errno of a non-blocking call that cannot proceed (EAGAIN, EINPROGRESS)
     * @param call the call's name for the message
     * @param address the address involved, or null
     * @throws IOException a would-block error, a timeout, or an interrupt
     */
    void await(Condition condition, Errno wouldBlock, String call, SocketAddress address) throws IOException {
        if (nonBlocking) {
            throw wouldBlock.newException(call, address);
        }
        try {
            if (deadlineNanos == FOREVER) {
                condition.await();
                return;
            }
            long left = nanosLeft();
            if (left <= 0) {
                throw new TimeoutError("timed out: " + call, address);
            }
            condition.awaitNanos(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(call + " interrupted");
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    /**
     * What is left of the budget for one more wait, for a caller that waits by other means than a
     * condition (asleep in the kernel).
     *
     * @return nanoseconds left, {@link Long#MAX_VALUE} when blocking
     * @throws IOException a would-block error when non-blocking, a timeout when the time is out
     */
    long nanosToWait(Errno wouldBlock, String call, SocketAddress address) throws IOException {
        if (nonBlocking) {
            throw wouldBlock.newException(call, address);
        }
        long left = nanosLeft();
        if (left <= 0) {
            throw new TimeoutError("timed out: " + call, address);
        }
        return left;
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return FOREVER / 2;
        }
    }
}
