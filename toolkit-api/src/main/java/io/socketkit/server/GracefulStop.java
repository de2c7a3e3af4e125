package io.socketkit.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/**
 * A request server's bounded graceful stop: the requests in flight get a grace period to end, then
 * their connections are closed and their threads interrupted, so that stopping a server never waits on
 * a client that stays connected. Used by {@code SocketServer.shutdown()} (a SERIAL request runs on the
 * serving thread, whose loop cannot end before it) and {@code close()}.
 */
final class GracefulStop {
    /** How long interrupted request threads get to exit before close gives up on them (and says so). */
    private static final long EXIT_MILLIS = 5_000;
    private static final System.Logger LOG = System.getLogger(GracefulStop.class.getName());

    private final RequestRunner runner;
    private final Runnable closeConnections;
    private final Duration grace;
    private final boolean waitOnClose;
    private volatile boolean forced;

    /**
     * A stop for one server.
     *
     * @param runner the server's request runner
     * @param closeConnections closes the connections of the requests in flight
     * @param grace how long requests in flight may go on; {@code null} for no bound
     * @param waitOnClose whether {@link #closeRequests()} waits at all ({@code blockOnClose} without daemon threads)
     */
    public GracefulStop(RequestRunner runner, Runnable closeConnections, Duration grace, boolean waitOnClose) {
        this.runner = runner;
        this.closeConnections = closeConnections;
        this.grace = grace;
        this.waitOnClose = waitOnClose;
    }

    /**
     * For {@code shutdown()}, under the lock {@code loopEnded} belongs to: waits for the serving loop to
     * end; past the grace, ends the requests in flight (the SERIAL one holds the loop) and waits on.
     *
     * @param loopEnded signalled when the loop ends
     * @param ended whether it has
     */
    public void awaitLoop(Condition loopEnded, BooleanSupplier ended) {
        long left = grace == null ? Long.MAX_VALUE : grace.toNanos();
        boolean interrupted = false;
        while (!ended.getAsBoolean() && left > 0) {
            long start = System.nanoTime();
            try {
                if (grace == null) {
                    loopEnded.await();
                } else {
                    loopEnded.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            left -= grace == null ? 0 : System.nanoTime() - start;
        }
        if (!ended.getAsBoolean()) {
            LOG.log(System.Logger.Level.INFO, "requests in flight still running after the grace of {0}: closing them", grace);
            endRequests();
            while (!ended.getAsBoolean()) {
                loopEnded.awaitUninterruptibly();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * For {@code close()}, once the server's socket is closed: waits up to the grace (unless
     * {@code waitOnClose} is false) for the requests in flight, then closes their connections, interrupts
     * their threads and waits a few seconds for those to exit.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void closeRequests() throws InterruptedException {
        if (waitOnClose && (grace == null || !grace.isZero())) {
            long millis = grace == null ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(grace.toNanos()));
            if (runner.close(millis)) {
                return;
            }
            LOG.log(System.Logger.Level.INFO, "requests in flight still running after the grace of {0}: closing them", grace);
        }
        endRequests();
        if (!runner.close(EXIT_MILLIS)) {
            LOG.log(System.Logger.Level.WARNING, "request threads still running {0} ms after they were interrupted: {1}",
                    EXIT_MILLIS, runner.running());
        }
    }

    /**
     * Whether the requests in flight were ended by the stop: what they fail with then is the server's
     * doing, not theirs.
     *
     * @return true once the grace has passed and the requests were ended
     */
    public boolean forced() {
        return forced;
    }

    private void endRequests() {
        forced = true;
        closeConnections.run();
        runner.interrupt();
    }
}
