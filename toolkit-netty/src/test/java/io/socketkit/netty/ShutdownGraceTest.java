package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.server.Concurrency;
import io.socketkit.server.DatagramRequestHandler;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerKind;
import io.socketkit.server.SocketServer;
import io.socketkit.server.StreamRequestHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bounded graceful shutdown ({@code ServerConfig.withShutdownGrace}): whatever a request is doing when
 * the server stops — a client that stays connected, a handler that waits — {@code shutdown()} and
 * {@code close()} return within the grace and a small margin, the connection is closed and no request
 * thread is left; a request that ends within the grace is answered.
 */
class ShutdownGraceTest extends ServerTestSupport {
    private static final Duration GRACE = Duration.ofMillis(300);
    /** For a busy machine: four other builds share these two cores. */
    private static final Duration MARGIN = Duration.ofSeconds(4);

    /** The handlers' threads, to check none outlives close (virtual threads included). */
    static final Set<Thread> HANDLERS = ConcurrentHashMap.newKeySet();
    /** The threads inside a handler now: a SERIAL handler runs on the serving thread, which lives on. */
    static final Set<Thread> INSIDE = ConcurrentHashMap.newKeySet();
    static volatile CountDownLatch entered;

    /** What a handler does while in flight. */
    interface Body {
        void run() throws Exception;
    }

    /** Runs a handler's body in flight: its thread recorded, its start announced, its end noted. */
    static void inFlight(Body body) throws Exception {
        HANDLERS.add(Thread.currentThread());
        INSIDE.add(Thread.currentThread());
        entered.countDown();
        try {
            body.run();
        } finally {
            INSIDE.remove(Thread.currentThread());
        }
    }

    /** Echoes lines for as long as its client stays. */
    static final class StayingEcho extends StreamRequestHandler {
        @Override
        protected void handle() throws Exception {
            inFlight(() -> {
                for (byte[] line = readLine(); line.length > 0; line = readLine()) {
                    wfile.write(line);
                    wfile.flush();
                }
            });
        }
    }

    /** Holds its datagram until interrupted. */
    static final class Holding extends DatagramRequestHandler {
        @Override
        protected void handle() throws Exception {
            inFlight(() -> new CountDownLatch(1).await());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("io.socketkit.netty.SocketServerTest#servers")
    @DisplayName("a request that does not end: shutdown and close return within the grace, its connection is closed, its thread gone")
    void requestThatDoesNotEnd(Transport transport, ServerKind kind, Concurrency policy) throws Exception {
        assumeTrue(policy.unavailabilityReason() == null, policy::unavailabilityReason);
        HANDLERS.clear();
        INSIDE.clear();
        entered = new CountDownLatch(1);
        SocketServer server = serve(ServerConfig.of(kind, loopback(family(kind)), kind.isStream() ? StayingEcho::new : Holding::new)
                .withConcurrency(policy).withShutdownGrace(GRACE).withProvider(provider(transport, kind)));
        Socket client;
        if (kind.isStream()) {
            client = client(transport, server);
            assertEcho(client, "in flight");
        } else {
            client = datagramClient(transport, kind);
            client.sendTo("in flight".getBytes(StandardCharsets.US_ASCII), server.address());
        }
        assertThat(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the request is in flight").isTrue();

        List<String> warnings;
        Duration took;
        try (LogCapture log = new LogCapture()) {
            long started = System.nanoTime();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
                server.shutdown();
                server.close();
            }, threads);
            stopping.get(GRACE.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
            took = Duration.ofNanos(System.nanoTime() - started);
            warnings = log.atLeast(Level.WARNING);
        }
        assertThat(warnings).as("what the ended request failed with is the stop's doing: DEBUG, not a report").isEmpty();

        assertThat(took).as("shutdown + close").isLessThan(GRACE.plus(MARGIN));
        if (kind.isStream()) {
            assertClosedByServer(client);
        }
        assertThat(INSIDE).as("handlers still running after close").isEmpty();
        if (!policy.equals(Concurrency.SERIAL)) {
            for (Thread handler : HANDLERS) {
                assertThat(handler.isAlive()).as("request thread %s after close", handler).isFalse();
            }
        }
    }

    /** Answers a line once the test lets it. */
    static final class Slow extends StreamRequestHandler {
        static volatile CountDownLatch release;

        @Override
        protected void handle() throws Exception {
            byte[] line = readLine();
            entered.countDown();
            release.await();
            wfile.write(line);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("a request that ends within the grace is answered, and close returns when it ends, not at the grace's end")
    void requestThatEndsWithinTheGrace(Transport transport) throws Exception {
        entered = new CountDownLatch(1);
        Slow.release = new CountDownLatch(1);
        Duration grace = Duration.ofSeconds(30);
        SocketServer server = serve(ServerConfig.tcp(loopback(AddressFamily.INET), Slow::new)
                .withConcurrency(Concurrency.THREADS).withShutdownGrace(grace)
                .withProvider(provider(transport, ServerKind.TCP)));
        Socket client = client(transport, server);
        client.sendAll("answered\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        long started = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            server.shutdown();
            server.close();
        }, threads);
        Slow.release.countDown();
        assertThat(recvExactly(client, 9)).isEqualTo("answered\n".getBytes(StandardCharsets.US_ASCII));
        stopping.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(grace);
    }
}
