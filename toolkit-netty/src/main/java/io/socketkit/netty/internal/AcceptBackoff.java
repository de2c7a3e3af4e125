package io.socketkit.netty.internal;

import io.socketkit.Errno;
import io.socketkit.internal.ThrottledLog;
import java.net.SocketAddress;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a listener does when accept fails for want of resources (EMFILE, ENFILE, ENOBUFS, ENOMEM): it
 * stops accepting for {@link #PAUSE_MILLIS}, as Netty's {@code ServerBootstrapAcceptor} does for the
 * event-style servers, and says so at WARNING at most once a second with the count of failures since.
 * Accepting again at once would fail again at once: a busy loop that logs nothing and serves no one.
 */
final class AcceptBackoff {
    /** How long a listener stops accepting after such a failure. */
    static final long PAUSE_MILLIS = 1_000;
    private static final Set<Errno> RESOURCES = EnumSet.of(Errno.EMFILE, Errno.ENFILE, Errno.ENOBUFS, Errno.ENOMEM);
    private static final System.Logger LOG = System.getLogger(Listener.class.getName());

    private final SocketAddress local;
    private final ThrottledLog log = new ThrottledLog(LOG);

    AcceptBackoff(SocketAddress local) {
        this.local = local;
    }

    /** Whether a failed accept means the process (or system) is out of something accept needs. */
    static boolean needed(Errno errno) {
        return errno != null && RESOURCES.contains(errno);
    }

    /** Called on the event loop for each such failure. */
    void failed(Errno errno, Throwable cause) {
        log.log(errno, System.Logger.Level.WARNING, "accept failed on " + local + ": " + errno
                + "; not accepting for " + PAUSE_MILLIS + " ms, new connections wait in the backlog", null);
        LOG.log(System.Logger.Level.DEBUG, "accept failed on " + local, cause);
    }
}
