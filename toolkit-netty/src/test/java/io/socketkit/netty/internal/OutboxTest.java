package io.socketkit.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The outbox alone, on a plain event loop: batching, order, and what happens once the loop is gone. */
class OutboxTest {

    @Test
    @DisplayName("calls queued while the loop is busy run in call order, all in one drain")
    void oneDrainForWhatArrivedMeanwhile() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        try {
            List<Object> performed = new ArrayList<>();
            AtomicInteger drains = new AtomicInteger();
            AtomicReference<Outbox> box = new AtomicReference<>();
            Outbox outbox = new Outbox(() -> {
                drains.incrementAndGet();
                box.get().drain(performed::add);
            });
            box.set(outbox);
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            loop.execute(() -> {
                busy.countDown();
                await(release);
            });
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 100; i++) {
                outbox.submit(loop, i, call -> { });
            }
            release.countDown();
            loop.submit(() -> { }).get(10, TimeUnit.SECONDS);

            assertThat(performed).hasSize(100).isSortedAccordingTo((a, b) -> (Integer) a - (Integer) b);
            assertThat(drains).hasValue(1);
            assertThat(outbox.isEmpty()).isTrue();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    @DisplayName("after the loop has shut down, a call goes to discard at once")
    void discardedWhenTheLoopIsGone() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        Outbox outbox = new Outbox(() -> { });
        List<Object> discarded = new CopyOnWriteArrayList<>();

        outbox.submit(loop, "a", discarded::add);
        outbox.submit(loop, "b", discarded::add);

        assertThat(discarded).containsExactly("a", "b");
        assertThat(outbox.isEmpty()).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
