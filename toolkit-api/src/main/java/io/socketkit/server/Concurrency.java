package io.socketkit.server;

/**
 * How request handlers run: Python's mix-ins, and what Python lacks. A sealed type: one record per policy.
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
public sealed interface Concurrency permits Concurrency.Serial, Concurrency.Threads, Concurrency.VirtualThreads,
        Concurrency.Pool {
    /** One request at a time, on the thread that calls {@code serveForever} / {@code handleRequest}. */
    Concurrency SERIAL = new Serial();
    /** A platform thread per request ({@code ThreadingMixIn}). */
    Concurrency THREADS = new Threads();
    /** A virtual thread per request (JDK 21+). */
    Concurrency VIRTUAL_THREADS = new VirtualThreads();

    /**
     * A fixed pool of platform threads with a bounded queue.
     *
     * @param threads the most requests handled at once, at least 1
     * @param queue the most requests waiting for a thread, at least 0
     * @return the policy
     * @throws IllegalArgumentException if a bound is out of range
     */
    static Concurrency boundedPool(int threads, int queue) {
        return new Pool(threads, queue);
    }

    /**
     * The policy's name: SERIAL, THREADS, VIRTUAL_THREADS or POOL.
     *
     * @return the name
     */
    String name();

    /**
     * The most requests handled at once ({@link Integer#MAX_VALUE}: unbounded).
     *
     * @return the bound
     */
    default int threads() {
        return Integer.MAX_VALUE;
    }

    /**
     * The most requests waiting for a pool thread (0 except for pools).
     *
     * @return the bound
     */
    default int queue() {
        return 0;
    }

    /**
     * Whether this JVM can run the policy: virtual threads need JDK 21+.
     *
     * @return null if it can, else why not
     */
    default String unavailabilityReason() {
        return null;
    }

    /** {@link #SERIAL}. */
    record Serial() implements Concurrency {
        @Override
        public String name() {
            return "SERIAL";
        }

        @Override
        public int threads() {
            return 1;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** {@link #THREADS}. */
    record Threads() implements Concurrency {
        @Override
        public String name() {
            return "THREADS";
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** {@link #VIRTUAL_THREADS}. */
    record VirtualThreads() implements Concurrency {
        @Override
        public String name() {
            return "VIRTUAL_THREADS";
        }

        @Override
        public String unavailabilityReason() {
            return Runtime.version().feature() < 21 ? "VIRTUAL_THREADS needs Java 21 or later; this JVM is Java "
                    + Runtime.version().feature() + " (use THREADS or boundedPool)" : null;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /**
     * {@link #boundedPool(int, int)}.
     *
     * @param threads the most requests handled at once, at least 1
     * @param queue the most requests waiting for a thread, at least 0
     */
    record Pool(int threads, int queue) implements Concurrency {
        /**
         * Checks the bounds.
         *
         * @param threads the most requests handled at once, at least 1
         * @param queue the most requests waiting for a thread, at least 0
         * @throws IllegalArgumentException if a bound is out of range
         */
        public Pool {
            if (threads < 1) {
                throw new IllegalArgumentException("threads < 1: " + threads);
            }
            if (queue < 0) {
                throw new IllegalArgumentException("queue < 0: " + queue);
            }
        }

        @Override
        public String name() {
            return "POOL";
        }

        @Override
        public String toString() {
            return "POOL(" + threads + " threads, queue " + queue + ")";
        }
    }
}
