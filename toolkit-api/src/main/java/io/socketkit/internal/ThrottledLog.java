package io.socketkit.internal;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A log for things that recur — a peer's reset, a limit hit, a failed accept: each kind is logged at
 * most once a second, and the line says how many of that kind went unlogged since the one before.
 * What is not logged at the asked level may still go to DEBUG, one line each, for whoever wants them.
 *
 * <p>Thread-safe; {@link #log} does not block (a compare-and-set and a counter), so an event loop may
 * call it. Kinds are compared with {@code equals}: use a small fixed set (an enum, an errno's name, an
 * exception's class), since each kind seen is remembered for the life of the log.
 */
public final class ThrottledLog {
    private static final long SECOND = 1_000_000_000L;

    static {
        // The JDK's SimpleFormatter reads the time-zone rules from a file for its first record. A process
        // out of descriptors (what some of these lines report) cannot open it, and the failed class
        // initialisation breaks that logging for good: read them now, while files can be opened.
        java.time.ZoneId.systemDefault().getRules();
    }

    private final System.Logger log;
    private final LongSupplier clock;
    private final ConcurrentHashMap<Object, Kind> kinds = new ConcurrentHashMap<>();

    /** The last time one kind was logged, and how many of it were not since. */
    private static final class Kind {
        final AtomicLong lastLogged;
        final LongAdder unlogged = new LongAdder();

        Kind(long now) {
            lastLogged = new AtomicLong(now - 2 * SECOND);
        }
    }

    /**
     * A throttled log writing to {@code log}.
     *
     * @param log where the lines go
     * @throws NullPointerException if {@code log} is null
     */
    public ThrottledLog(System.Logger log) {
        this(log, System::nanoTime);
    }

    /**
     * A throttled log on a clock of its own, for tests.
     *
     * @param log where the lines go
     * @param clock nanoseconds, as {@link System#nanoTime()}
     * @throws NullPointerException if an argument is null
     */
    public ThrottledLog(System.Logger log, LongSupplier clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Logs {@code message} at {@code level} unless this kind was logged less than a second ago; then it
     * is only counted, for the next line of its kind to report.
     *
     * @param kind what recurs (compared with {@code equals})
     * @param level the level of the line, when one is written
     * @param message the line, without the count
     * @param thrown attached to the line, or {@code null}
     * @return whether the line was written at {@code level}
     * @throws NullPointerException if {@code kind}, {@code level} or {@code message} is null
     */
    public boolean log(Object kind, System.Logger.Level level, String message, Throwable thrown) {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
        long now = clock.getAsLong();
        Kind seen = kinds.computeIfAbsent(Objects.requireNonNull(kind, "kind"), k -> new Kind(now));
        long then = seen.lastLogged.get();
        if (now - then >= SECOND && seen.lastLogged.compareAndSet(then, now)) {
            long since = seen.unlogged.sumThenReset();
            String line = since == 0 ? message : message + " (and " + since + " more since the last report)";
            if (thrown == null) {
                log.log(level, line);
            } else {
                log.log(level, line, thrown);
            }
            return true;
        }
        seen.unlogged.increment();
        return false;
    }
}
