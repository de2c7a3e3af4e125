package io.socketkit.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The waits a platform thread sleeps in on the epoll fast path, each alone: readiness, time-outs and
 * wake-ups from other threads. The descriptor waited on is an eventfd (readable once written), so the
 * test needs no socket. Each case runs on a thread of its own, since waiters belong to their thread.
 */
class KernelWaiterTest {
    private ExecutorService owner;
    private FileDescriptor watched;

    static Stream<Arguments> waiters() {
        assumeTrue(Epoll.isAvailable(), "no epoll here: " + Epoll.unavailabilityCause());
        Stream.Builder<Arguments> kinds = Stream.builder();
        kinds.add(Arguments.of("epoll set", (Supplier<KernelWaiter>) EpollWaiter::current));
        if (PollWaiter.available()) {
            kinds.add(Arguments.of("poll(2)", (Supplier<KernelWaiter>) PollWaiter::current));
        }
        return kinds.build();
    }

    @BeforeEach
    void start() {
        owner = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() throws Exception {
        owner.shutdownNow();
        assertThat(owner.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        if (watched != null) {
            watched.close();
        }
    }

    @Test
    @DisplayName("on Java 22+ with native access, epoll sockets wait in poll(2): one call, one descriptor")
    void pollOnJava22() {
        assumeTrue(Runtime.version().feature() >= 22, "the foreign-function API is Java 22+; this JVM is "
            + Runtime.version());
        assumeTrue(Epoll.isAvailable(), "no epoll here");
        assertThat(Ffm.available()).as("FFM with --enable-native-access").isTrue();
        assertThat(PollWaiter.available()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waiters")
    @DisplayName("a sleep ends when the armed descriptor becomes readable")
    void wakesWhenReady(String kind, Supplier<KernelWaiter> waiters) throws Exception {
        watched = Native.newEventFd();
        CountDownLatch armed = new CountDownLatch(1);
        CompletableFuture<Long> slept = CompletableFuture.supplyAsync(() -> call(() -> {
            KernelWaiter waiter = waiters.get();
            waiter.arm(new NativeDirectIo(watched), false);
            armed.countDown();
            long start = System.nanoTime();
            waiter.sleep(TimeUnit.SECONDS.toNanos(30));
            return System.nanoTime() - start;
        }), owner);
        assertThat(armed.await(10, TimeUnit.SECONDS)).isTrue();
        Native.eventFdWrite(watched.intValue(), 1L);
        assertThat(slept.get(10, TimeUnit.SECONDS)).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waiters")
    @DisplayName("waits again on the same descriptor: what was read does not wake it, what comes next does")
    void waitsAgainOnTheSameDescriptor(String kind, Supplier<KernelWaiter> waiters) throws Exception {
        watched = Native.newEventFd();
        long[] slept = CompletableFuture.supplyAsync(() -> call(() -> {
            KernelWaiter waiter = waiters.get();
            NativeDirectIo io = new NativeDirectIo(watched);
            Native.eventFdWrite(watched.intValue(), 1L);
            waiter.arm(io, false);
            waiter.sleep(TimeUnit.SECONDS.toNanos(30));
            Native.eventFdRead(watched.intValue());
            // Read, so nothing is ready: the wait lasts its time.
            waiter.arm(io, false);
            long start = System.nanoTime();
            waiter.sleep(TimeUnit.MILLISECONDS.toNanos(50));
            long idle = System.nanoTime() - start;
            // Something new after the last wait: the next one ends at once.
            Native.eventFdWrite(watched.intValue(), 1L);
            waiter.arm(io, false);
            start = System.nanoTime();
            waiter.sleep(TimeUnit.SECONDS.toNanos(30));
            return new long[] {idle, System.nanoTime() - start};
        }), owner).get(20, TimeUnit.SECONDS);
        assertThat(slept[0]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(slept[1]).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waiters")
    @DisplayName("a descriptor waited on before does not wake a wait armed on another")
    void anotherDescriptorDisarmsTheFirst(String kind, Supplier<KernelWaiter> waiters) throws Exception {
        watched = Native.newEventFd();
        FileDescriptor other = Native.newEventFd();
        try {
            long slept = CompletableFuture.supplyAsync(() -> call(() -> {
                KernelWaiter waiter = waiters.get();
                waiter.arm(new NativeDirectIo(watched), false);
                waiter.sleep(1);
                waiter.arm(new NativeDirectIo(other), false);
                Native.eventFdWrite(watched.intValue(), 1L);
                long start = System.nanoTime();
                waiter.sleep(TimeUnit.MILLISECONDS.toNanos(50));
                return System.nanoTime() - start;
            }), owner).get(20, TimeUnit.SECONDS);
            assertThat(slept).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        } finally {
            other.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waiters")
    @DisplayName("a sleep with nothing ready lasts its time, not less")
    void timesOut(String kind, Supplier<KernelWaiter> waiters) throws Exception {
        watched = Native.newEventFd();
        long slept = CompletableFuture.supplyAsync(() -> call(() -> {
            KernelWaiter waiter = waiters.get();
            waiter.arm(new NativeDirectIo(watched), false);
            long start = System.nanoTime();
            waiter.sleep(TimeUnit.MILLISECONDS.toNanos(50) + 1);
            return System.nanoTime() - start;
        }), owner).get(10, TimeUnit.SECONDS);
        assertThat(slept).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waiters")
    @DisplayName("a wake-up from another thread ends the wait at once, and one that came first ends the next")
    void wakeupFromElsewhere(String kind, Supplier<KernelWaiter> waiters) throws Exception {
        watched = Native.newEventFd();
        AtomicReference<KernelWaiter> made = new AtomicReference<>();
        CountDownLatch armed = new CountDownLatch(1);
        CompletableFuture<Long> slept = CompletableFuture.supplyAsync(() -> call(() -> {
            KernelWaiter waiter = waiters.get();
            made.set(waiter);
            waiter.arm(new NativeDirectIo(watched), false);
            armed.countDown();
            long start = System.nanoTime();
            waiter.sleep(Long.MAX_VALUE);
            return System.nanoTime() - start;
        }), owner);
        assertThat(armed.await(10, TimeUnit.SECONDS)).isTrue();
        made.get().wakeup();
        assertThat(slept.get(10, TimeUnit.SECONDS)).isLessThan(TimeUnit.SECONDS.toNanos(10));

        // Woken before it sleeps: the wake-up is kept for that sleep, not lost.
        made.get().wakeup();
        long early = CompletableFuture.supplyAsync(() -> call(() -> {
            KernelWaiter waiter = waiters.get();
            waiter.arm(new NativeDirectIo(watched), false);
            long start = System.nanoTime();
            waiter.sleep(TimeUnit.SECONDS.toNanos(30));
            return System.nanoTime() - start;
        }), owner).get(10, TimeUnit.SECONDS);
        assertThat(early).isLessThan(TimeUnit.SECONDS.toNanos(10));

        // And spent: the next sleep lasts its time again.
        long after = CompletableFuture.supplyAsync(() -> call(() -> {
            KernelWaiter waiter = waiters.get();
            waiter.arm(new NativeDirectIo(watched), false);
            long start = System.nanoTime();
            waiter.sleep(TimeUnit.MILLISECONDS.toNanos(50));
            return System.nanoTime() - start;
        }), owner).get(10, TimeUnit.SECONDS);
        assertThat(after).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
