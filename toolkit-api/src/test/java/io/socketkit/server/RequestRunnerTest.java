package io.socketkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link RequestRunner#close} promises: when it says every request thread has exited, none is alive. */
class RequestRunnerTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"THREADS", "POOL"})
    void closeReturnsOnlyWhenRequestThreadsHaveExited(String name) throws InterruptedException {
        // The window between a pool's termination and its last worker's exit is short: try many times.
        for (int round = 0; round < 300; round++) {
            Concurrency policy = name.equals("POOL") ? Concurrency.boundedPool(2, 4) : Concurrency.THREADS;
            RequestRunner runner = new RequestRunner(policy, true, "runner-test-" + round);
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 4; i++) {
                assertThat(runner.run(() -> threads.add(Thread.currentThread()), () -> true)).isTrue();
            }
            assertThat(runner.close(10_000)).isTrue();
            assertThat(threads).as("round %d", round).hasSizeGreaterThan(0).noneMatch(Thread::isAlive);
        }
    }
}
