package io.socketkit.server;

import io.socketkit.Errno;
import io.socketkit.TimeoutError;
import io.socketkit.internal.ThrottledLog;
import java.io.EOFException;
import java.net.SocketAddress;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * How a request server reports a failed request ({@code handle_error}'s default): a peer's reset, end of
 * stream or timeout is normal traffic — a WARNING at most once a second per kind, with the count, and
 * each one at DEBUG; anything else is Python's report ("Exception occurred during processing of request
 * from ADDRESS" and the stack trace), at most once a second per exception class, with the count.
 * What requests fail with once the server's stop has ended them (past the grace) is at DEBUG.
 */
final class RequestErrors {
    /** What a peer does to a connection, as opposed to what a handler does wrong. */
    private static final Set<Errno> PEER = EnumSet.of(Errno.ECONNRESET, Errno.EPIPE, Errno.ECONNABORTED, Errno.ETIMEDOUT);

    private final System.Logger log;
    private final ThrottledLog throttled;
    private final BooleanSupplier stopped;

    /**
     * Reports for one server.
     *
     * @param log where the lines go
     * @param stopped whether the server's stop has ended the requests in flight (their errors are then
     *     its doing, reported at DEBUG)
     * @throws NullPointerException if an argument is null
     */
    public RequestErrors(System.Logger log, BooleanSupplier stopped) {
        this.log = Objects.requireNonNull(log, "log");
        this.throttled = new ThrottledLog(log);
        this.stopped = Objects.requireNonNull(stopped, "stopped");
    }

    /**
     * The peer's doing (reset, broken pipe, end of stream, timeout), not a handler's fault.
     *
     * @param error what a request ended with
     * @return its kind, {@code ECONNRESET} or {@code TimeoutError} say; {@code null} for anything else
     */
    public static String peerFailure(Throwable error) {
        Errno errno = Errno.of(error);
        if (errno != null && PEER.contains(errno)) {
            return errno.name();
        }
        if (error instanceof TimeoutError || error instanceof EOFException) {
            return error.getClass().getSimpleName();
        }
        return null;
    }

    /**
     * Reports a request that failed.
     *
     * @param clientAddress the client
     * @param error what was thrown
     */
    public void report(SocketAddress clientAddress, Throwable error) {
        if (stopped.getAsBoolean()) {
            log.log(System.Logger.Level.DEBUG, "request from " + clientAddress + " ended by the server's stop", error);
            return;
        }
        String peer = peerFailure(error);
        if (peer == null) {
            throttled.log(error.getClass(), System.Logger.Level.ERROR,
                    "Exception occurred during processing of request from " + clientAddress, error);
            return;
        }
        log.log(System.Logger.Level.DEBUG, "request from " + clientAddress + " ended by the peer", error);
        throttled.log(peer, System.Logger.Level.WARNING, "request from " + clientAddress + " ended by the peer: "
                + peer + " (normal traffic: every one is counted in the server's metrics and logged at DEBUG)", null);
    }
}
