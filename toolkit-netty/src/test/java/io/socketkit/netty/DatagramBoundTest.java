package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.Socket;
import io.socketkit.server.Concurrency;
import io.socketkit.server.DatagramRequestHandler;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerKind;
import io.socketkit.server.ServerLimits;
import io.socketkit.server.ServerMetrics;
import io.socketkit.server.SocketServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request-style datagram server under a flood serves at most {@code maxDatagramsInFlight} datagrams
 * at once: the others are dropped and counted (a thread each would grow without bound), and it serves
 * again once they are done.
 */
class DatagramBoundTest extends ServerTestSupport {
    private static final int BOUND = 4;
    private static final int SENT = 40;

    static final AtomicInteger ENTERED = new AtomicInteger();
    static volatile CountDownLatch release;

    static Stream<Arguments> cases() {
        Concurrency[] policies = {Concurrency.THREADS, Concurrency.VIRTUAL_THREADS, Concurrency.boundedPool(BOUND, 0)};
        return Matrix.transports().flatMap(t -> Stream.of(ServerKind.UDP, ServerKind.UNIX_DATAGRAM)
                .flatMap(k -> Stream.of(policies).map(p -> Arguments.of(t, k, p))));
    }

    /** Echoes its datagram once the test lets it. */
    static final class Held extends DatagramRequestHandler {
        @Override
        protected void handle() throws Exception {
            ENTERED.incrementAndGet();
            release.await();
            wfile.write(packet);
        }
    }

    /** Awaits without awaitility's default 100 ms delay: this test waits forty-odd times. */
    private static org.awaitility.core.ConditionFactory soon() {
        return await().atMost(WAIT).pollDelay(java.time.Duration.ZERO).pollInterval(java.time.Duration.ofMillis(2));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    @DisplayName("40 datagrams while 4 are served: 4 handlers, 36 dropped and counted, then served again")
    void floodIsBounded(Transport transport, ServerKind kind, Concurrency policy) throws Exception {
        assumeTrue(policy.unavailabilityReason() == null, policy::unavailabilityReason);
        ENTERED.set(0);
        release = new CountDownLatch(1);
        SocketServer server = serve(ServerConfig.of(kind, loopback(family(kind)), Held::new).withConcurrency(policy)
                .withLimits(ServerLimits.defaults().withMaxDatagramsInFlight(BOUND)).withProvider(provider(transport, kind)));
        try {
            flood(server, datagramClient(transport, kind));
        } finally {
            release.countDown();
        }
    }

    private static void flood(SocketServer server, Socket client) throws Exception {
        // One at a time, each seen by the server before the next: nothing is lost to the kernel's buffers.
        for (int i = 0; i < SENT; i++) {
            client.sendTo(("d" + i).getBytes(StandardCharsets.US_ASCII), server.address());
            int sent = i + 1;
            soon().until(() -> ENTERED.get() + server.metrics().droppedDatagrams() == sent);
        }
        assertThat(ENTERED.get()).as("handlers running at once").isEqualTo(BOUND);
        assertThat(server.metrics().droppedDatagrams()).isEqualTo(SENT - BOUND);
        assertThat(server.metrics().limitHits().get(ServerMetrics.Limit.DATAGRAMS_IN_FLIGHT)).isEqualTo(SENT - BOUND);

        release.countDown();
        for (int i = 0; i < BOUND; i++) {
            assertThat(client.recvFrom(100).data()).hasSizeGreaterThan(1);
        }
        // The slots free as the handlers' requests end, a moment after their replies: until then a datagram
        // may still be dropped, which the counters tell at once.
        boolean served = false;
        for (int attempt = 0; attempt < 100 && !served; attempt++) {
            long dropped = server.metrics().droppedDatagrams();
            int entered = ENTERED.get();
            client.sendTo("again".getBytes(StandardCharsets.US_ASCII), server.address());
            soon().until(() -> ENTERED.get() > entered || server.metrics().droppedDatagrams() > dropped);
            served = ENTERED.get() > entered;
        }
        assertThat(served).as("served again once the handlers were done").isTrue();
        assertThat(new String(client.recvFrom(100).data(), StandardCharsets.US_ASCII)).isEqualTo("again");
    }
}
