package io.socketkit.netty.internal;

import io.netty.channel.EventLoop;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Calls made on a channel from threads other than its event loop (writes, flushes, closes), queued in
 * call order and performed on the loop by one task for however many arrived before it ran: many calls
 * from other threads cost the loop one wake-up, and their owner can flush once for all of them.
 * A call made on the loop itself must {@link #catchUp} first, so that it does not overtake them.
 */
final class Outbox {
    private final Queue<Object> calls = new ConcurrentLinkedQueue<>();
    /** Whether a task that drains the queue is on its way to the loop. */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask;

    /**
     * An outbox.
     *
     * @param drainTask what the loop runs to drain it (the owner's method calling {@link #drain})
     */
    Outbox(Runnable drainTask) {
        this.drainTask = drainTask;
    }

    /**
     * Queues a call from another thread and makes sure a drain is on its way. If the loop has shut
     * down, nothing queued will run: every queued call goes to {@code discard} instead (to be released).
     *
     * @param loop the channel's event loop
     * @param call the call
     * @param discard what to do with calls that will never run
     */
    void submit(EventLoop loop, Object call, Consumer<Object> discard) {
        calls.offer(call);
        while (drainScheduled.compareAndSet(false, true)) {
            try {
                loop.execute(drainTask);
                return;
            } catch (RejectedExecutionException e) {
                for (Object dropped = calls.poll(); dropped != null; dropped = calls.poll()) {
                    discard.accept(dropped);
                }
                drainScheduled.set(false);
                if (calls.isEmpty()) {
                    return;
                }
            }
        }
    }

    /**
     * On the loop: hands every queued call to {@code perform}, in call order.
     *
     * @param perform what to do with each
     * @return whether there were any
     */
    boolean drain(Consumer<Object> perform) {
        drainScheduled.set(false);
        Object call = calls.poll();
        if (call == null) {
            return false;
        }
        for (; call != null; call = calls.poll()) {
            perform.accept(call);
        }
        return true;
    }

    /**
     * On the loop, before a call of its own: drains what other threads queued (if anything waits), so
     * that the loop's call does not overtake theirs.
     */
    void catchUp() {
        if (!calls.isEmpty()) {
            drainTask.run();
        }
    }

    /**
     * Whether no call waits.
     *
     * @return true if none
     */
    boolean isEmpty() {
        return calls.isEmpty();
    }
}
