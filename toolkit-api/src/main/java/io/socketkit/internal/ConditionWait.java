package io.socketkit.internal;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;

/** The timed wait on a condition that the api's waits share: a selector's {@code select}, a server's wait for a request. */
public final class ConditionWait {
    private ConditionWait() {
    }

    /**
     * The {@link System#nanoTime()} a wait of {@code timeout} (null: none, negative: zero) from now ends at.
     *
     * @param timeout the wait, or {@code null} for none
     * @return the deadline (0 for none)
     */
    public static long deadline(Duration timeout) {
        return timeout == null ? 0 : System.nanoTime() + Math.max(0, timeout.toNanos());
    }

    /**
     * Waits once on a condition whose lock the caller holds, until signalled or the deadline.
     *
     * @param condition the condition
     * @param timeout the whole wait, or {@code null} for none
     * @param deadline from {@link #deadline}
     * @return false if the deadline had passed (nothing waited), true after a wait
     * @throws InterruptedException if the thread is interrupted
     */
    public static boolean awaitOnce(Condition condition, Duration timeout, long deadline) throws InterruptedException {
        if (timeout == null) {
            condition.await();
            return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        condition.awaitNanos(left);
        return true;
    }

    /**
     * The I/O error for an interrupted wait; the thread keeps its interrupt.
     *
     * @param what what was waited for
     * @param cause the interrupt
     * @return the error to throw
     */
    public static InterruptedIOException interrupted(String what, InterruptedException cause) {
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted = new InterruptedIOException(what + " interrupted");
        interrupted.initCause(cause);
        return interrupted;
    }
}
