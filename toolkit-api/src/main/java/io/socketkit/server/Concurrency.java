package io.socketkit.server;

import java.util.Objects;

/**
 * How request handlers run: Python's mix-ins, and what Python lacks.
 *
 * <ul>
 *   <li>{@link #SERIAL}: one request at a time on the serving thread (Python's default).</li>
 *   <li>{@link #THREADS}: a new platform thread per request ({@code ThreadingMixIn}), honouring
 *       {@code daemonThreads} and {@code blockOnClose}.</li>
 *   <li>{@link #VIRTUAL_THREADS}: a virtual thread per request; JDK 21 or later, else building the
 *       server fails with a clear error.</li>
 *   <li>{@link #boundedPool(int, int)}: at most {@code threads} at once and {@code queue} waiting; when
 *       both are full the server stops taking requests (they wait in the kernel's backlog) until a
 *       thread is free — backpressure instead of ThreadingMixIn's unbounded threads.</li>
 * </ul>
 */
public final class Concurrency {
    /** One request at a time, on the thread that calls {@code serveForever} / {@code handleRequest}. */
    public static final Concurrency SERIAL = new Concurrency("SERIAL", 1, 0);
    /** A platform thread per request ({@code ThreadingMixIn}). */
    public static final Concurrency THREADS = new Concurrency("THREADS", Integer.MAX_VALUE, 0);
    /** A virtual thread per request (JDK 21+). */
    public static final Concurrency VIRTUAL_THREADS = new Concurrency("VIRTUAL_THREADS", Integer.MAX_VALUE, 0);

    private final String name;
    private final int threads;
    private final int queue;

    private Concurrency(String name, int threads, int queue) {
        this.name = name;
        this.threads = threads;
        this.queue = queue;
    }

    /**
     * A fixed pool of platform threads with a bounded queue.
     *
     * @param threads the most requests handled at once, at least 1
     * @param queue the most requests waiting for a thread, at least 0
     * @return the policy
     * @throws IllegalArgumentException if a bound is out of range
     */
    public static Concurrency boundedPool(int threads, int queue) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads < 1: " + threads);
        }
        if (queue < 0) {
            throw new IllegalArgumentException("queue < 0: " + queue);
        }
        return new Concurrency("POOL", threads, queue);
    }

    /**
     * The policy's name: SERIAL, THREADS, VIRTUAL_THREADS or POOL.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The most requests handled at once ({@link Integer#MAX_VALUE}: unbounded).
     *
     * @return the bound
     */
    public int threads() {
        return threads;
    }

    /**
     * The most requests waiting for a pool thread (0 except for pools).
     *
     * @return the bound
     */
    public int queue() {
        return queue;
    }

    /**
     * Whether this JVM can run the policy: virtual threads need JDK 21+.
     *
     * @return null if it can, else why not
     */
    public String unavailabilityReason() {
        if (this == VIRTUAL_THREADS && Runtime.version().feature() < 21) {
            return "VIRTUAL_THREADS needs Java 21 or later; this JVM is Java " + Runtime.version().feature()
                    + " (use THREADS or boundedPool)";
        }
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Concurrency && ((Concurrency) other).name.equals(name)
                && ((Concurrency) other).threads == threads && ((Concurrency) other).queue == queue;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, threads, queue);
    }

    @Override
    public String toString() {
        return name.equals("POOL") ? "POOL(" + threads + " threads, queue " + queue + ")" : name;
    }
}
