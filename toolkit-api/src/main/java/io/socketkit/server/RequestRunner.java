package io.socketkit.server;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Runs requests under a {@link Concurrency} policy: inline (SERIAL), a new thread each (THREADS,
 * VIRTUAL_THREADS), or on a fixed pool with a bounded queue (POOL). The threads running requests are
 * tracked while they run and forgotten when done, so memory does not grow with the request count
 * (Python's ThreadingMixIn prunes its list the same way).
 */
final class RequestRunner {
    private final Concurrency policy;
    private final Executor executor;
    private final ThreadPoolExecutor pool;
    private final Semaphore room;
    /** Signalled when a pool's request ends (room is freed) or {@link #wakeup()} is called. */
    private final ReentrantLock roomLock = new ReentrantLock();
    private final Condition roomChanged = roomLock.newCondition();
    /** For {@link #offer}: how many more requests may run now under THREADS or VIRTUAL_THREADS. */
    private final Semaphore inFlight;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();

    /**
     * A runner for a policy.
     *
     * @param policy the policy
     * @param daemon whether platform threads are daemons
     * @param name a prefix for thread names
     * @throws UnsupportedOperationException if the policy cannot run on this JVM (virtual threads on 17)
     */
    public RequestRunner(Concurrency policy, boolean daemon, String name) {
        this(policy, daemon, name, Integer.MAX_VALUE);
    }

    /**
     * A runner for a policy whose {@link #offer} runs at most {@code maxInFlight} requests at once.
     *
     * @param policy the policy
     * @param daemon whether platform threads are daemons
     * @param name a prefix for thread names
     * @param maxInFlight the most requests {@code offer} lets run at once under THREADS or VIRTUAL_THREADS
     * @throws UnsupportedOperationException if the policy cannot run on this JVM (virtual threads on 17)
     */
    public RequestRunner(Concurrency policy, boolean daemon, String name, int maxInFlight) {
        String reason = policy.unavailabilityReason();
        if (reason != null) {
            throw new UnsupportedOperationException(reason);
        }
        this.policy = policy;
        ThreadFactory made = policy instanceof Concurrency.VirtualThreads ? virtualThreadFactory(name)
                : platformThreadFactory(name, daemon);
        // Every thread made is remembered until it has exited, so close() can join it: a pool counts as
        // terminated while its last worker is still on its way out.
        ThreadFactory threads = task -> {
            started.removeIf(thread -> !thread.isAlive());
            Thread thread = made.newThread(task);
            started.add(thread);
            return thread;
        };
        if (policy instanceof Concurrency.Pool) {
            Concurrency.Pool bounds = (Concurrency.Pool) policy;
            // The semaphore bounds threads and waiting requests together; the executor's own queue never
            // refuses (a worker releases its permit a moment before it takes the next task).
            pool = new ThreadPoolExecutor(bounds.threads(), bounds.threads(), 0, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), threads);
            room = new Semaphore(bounds.threads() + bounds.queue());
            executor = pool;
        } else {
            pool = null;
            room = null;
            executor = task -> threads.newThread(task).start();
        }
        inFlight = new Semaphore(maxInFlight);
    }

    private static ThreadFactory platformThreadFactory(String name, boolean daemon) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(daemon);
            return thread;
        };
    }

    /** Thread.ofVirtual().name(prefix, 0).factory(), found at run time: the library compiles for Java 17. */
    private static ThreadFactory virtualThreadFactory(String name) {
        try {
            Method ofVirtual = Thread.class.getMethod("ofVirtual");
            Object builder = ofVirtual.invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, name + "-v", 0L);
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("virtual threads are not available on this JVM", e);
        }
    }

    /**
     * Runs a request: inline for SERIAL, else on a thread. When a pool's threads and queue are full,
     * waits for room while {@code keepWaiting} holds (the caller stops taking requests meanwhile: they
     * wait in the kernel's backlog); the wait ends when a request ends, or at {@link #wakeup()}.
     *
     * @param request the request's whole life (handler, error handling, shutdown of the request)
     * @param keepWaiting checked while waiting for pool room; false gives up
     * @return true if the request runs (or ran), false if waiting for room was given up
     * @throws InterruptedException if interrupted while waiting for pool room
     */
    public boolean run(Runnable request, BooleanSupplier keepWaiting) throws InterruptedException {
        if (policy instanceof Concurrency.Serial) {
            return runInline(request);
        }
        if (room != null) {
            // Looked at and waited for under roomLock, which the end of a request takes to signal after it
            // freed its place: no wake-up is lost, and nothing polls.
            roomLock.lock();
            try {
                while (!room.tryAcquire()) {
                    if (!keepWaiting.getAsBoolean()) {
                        return false;
                    }
                    roomChanged.await();
                }
            } finally {
                roomLock.unlock();
            }
        }
        execute(request, room);
        return true;
    }

    /** SERIAL: on this thread, tracked too, so a stop past the grace can interrupt it while it serves. */
    private boolean runInline(Runnable request) {
        Thread self = Thread.currentThread();
        running.add(self);
        try {
            request.run();
        } finally {
            synchronized (running) {
                running.remove(self);
                // An interrupt meant for this request must not outlive it on the serving thread.
                Thread.interrupted();
            }
        }
        return true;
    }

    /** On a thread of the policy's; {@code permit} (may be null) is released when the request ends. */
    private void execute(Runnable request, Semaphore permit) {
        executor.execute(() -> {
            Thread self = Thread.currentThread();
            running.add(self);
            try {
                request.run();
            } finally {
                running.remove(self);
                if (permit != null) {
                    permit.release();
                    if (permit == room) {
                        wakeup();
                    }
                }
            }
        });
    }

    /**
     * Runs a request if there is room now, never waiting: inline for SERIAL; for a pool if a thread or a
     * place in its queue is free; for THREADS and VIRTUAL_THREADS if fewer than {@code maxInFlight} run.
     * For datagrams, which are better dropped (and counted) than left to pile up.
     *
     * @param request the request's whole life
     * @return true if it runs (or ran), false if there was no room
     */
    public boolean offer(Runnable request) {
        if (policy instanceof Concurrency.Serial) {
            return runInline(request);
        }
        Semaphore bound = room != null ? room : inFlight;
        if (!bound.tryAcquire()) {
            return false;
        }
        execute(request, bound);
        return true;
    }

    /**
     * Wakes a {@link #run} waiting for pool room, to look at its {@code keepWaiting} again: call it after
     * changing what that answers (a shutdown, a close). Any thread.
     */
    public void wakeup() {
        roomLock.lock();
        try {
            roomChanged.signalAll();
        } finally {
            roomLock.unlock();
        }
    }

    /**
     * The threads running requests now.
     *
     * @return a snapshot
     */
    public List<Thread> running() {
        return new ArrayList<>(running);
    }

    /** Interrupts the threads running requests (for SERIAL, the serving thread while it runs one). */
    public void interrupt() {
        synchronized (running) {
            for (Thread thread : running) {
                thread.interrupt();
            }
        }
    }

    /**
     * Stops taking requests and waits for those running (and, for a pool, queued) to end and their
     * threads to exit.
     *
     * @param timeoutMillis the most to wait; 0 waits as long as it takes
     * @return true if every request thread has exited
     * @throws InterruptedException if interrupted
     */
    public boolean close(long timeoutMillis) throws InterruptedException {
        long deadline = timeoutMillis == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (pool != null) {
            // Its workers run what is queued, then exit.
            pool.shutdown();
        }
        for (Thread thread : new ArrayList<>(started)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedJoin(thread, left);
        }
        for (Thread thread : new ArrayList<>(started)) {
            if (!thread.isAlive()) {
                started.remove(thread);
            }
        }
        return started.isEmpty();
    }
}
