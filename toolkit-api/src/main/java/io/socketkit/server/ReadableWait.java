package io.socketkit.server;

import io.socketkit.SelectorEvent;
import io.socketkit.Socket;
import io.socketkit.internal.ConditionWait;
import io.socketkit.spi.Selectable;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A request server's wait for its own socket to have a request (a connection to accept, a datagram to
 * receive): the serving thread sleeps on a condition that the socket's readiness listener signals from
 * the event loop, so an arrival wakes it at once, and {@link #wakeup()} ends the wait early. It is what
 * a selector over one socket would do, without a selector's keys, sets and registration: made for one
 * {@code serveForever} run or one {@code handleRequest} call, it holds no descriptor.
 *
 * <p>The waiter looks (at {@code stop}, at the socket) and starts waiting under the lock a signal needs,
 * so no signal falls between the two. The event loop signals without holding the socket's lock.
 */
final class ReadableWait implements AutoCloseable {
    /** The socket watched; null for {@link #none()}. */
    private final Selectable socket;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Runnable signal = this::wakeup;

    /**
     * Starts watching a socket; {@link #close()} stops.
     *
     * @param socket the server's socket
     * @throws IllegalArgumentException if the socket's provider cannot report readiness
     */
    public ReadableWait(Socket socket) {
        if (!(socket instanceof Selectable)) {
            throw new IllegalArgumentException("cannot wait for " + socket + ": its provider reports no readiness");
        }
        this.socket = (Selectable) socket;
        this.socket.addReadinessListener(signal);
    }

    private ReadableWait() {
        this.socket = null;
    }

    /**
     * A wait that watches no socket: it ends when the time is out or {@code stop} holds after a
     * {@link #wakeup()} (an event-style server's serving thread, whose requests the event loops serve).
     *
     * @return the wait; its {@link #await} never returns true
     */
    public static ReadableWait none() {
        return new ReadableWait();
    }

    /**
     * Waits until the socket is readable (or closed), the time is out, or {@code stop} holds after a
     * {@link #wakeup()}.
     *
     * @param timeout the most to wait; {@code null} for no bound
     * @param stop checked before each wait: true ends it (set it before calling {@code wakeup})
     * @return true if the socket is readable, false if the time is out or {@code stop} held
     * @throws InterruptedIOException if the thread is interrupted while waiting
     */
    public boolean await(Duration timeout, BooleanSupplier stop) throws InterruptedIOException {
        long deadline = ConditionWait.deadline(timeout);
        lock.lock();
        try {
            while (true) {
                if (stop.getAsBoolean()) {
                    return false;
                }
                if (socket != null && socket.readiness().contains(SelectorEvent.READ)) {
                    return true;
                }
                if (!ConditionWait.awaitOnce(changed, timeout, deadline)) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            throw ConditionWait.interrupted("waiting for a request", e);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the waiting thread to look again: at the socket, and at its {@code stop} condition. Any thread. */
    public void wakeup() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops watching the socket. */
    @Override
    public void close() {
        if (socket != null) {
            socket.removeReadinessListener(signal);
        }
    }
}
