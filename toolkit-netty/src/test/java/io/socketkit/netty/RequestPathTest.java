package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketkit.AddressFamily;
import io.socketkit.Selector;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.server.Concurrency;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerKind;
import io.socketkit.server.SocketServer;
import io.socketkit.spi.SocketProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request-style server's path from accept to handler: the serving thread waits on the listening
 * socket itself (no selector made per {@code handleRequest} or per {@code serveForever}), a connection is
 * served as soon as it arrives whatever the poll interval, and the poll interval still paces
 * {@code serviceActions} while {@code shutdown} ends the loop at once.
 */
class RequestPathTest extends ServerTestSupport {
    /** Far longer than any wait below: what is asserted must not wait for it. */
    private static final Duration LONG_POLL = Duration.ofSeconds(30);

    /** A provider that makes its delegate's sockets and counts the selectors asked of it. */
    static final class CountingProvider implements SocketProvider {
        final SocketProvider delegate;
        final AtomicInteger selectors = new AtomicInteger();

        CountingProvider(SocketProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public Socket socket(AddressFamily family, SocketType type) throws IOException {
            return delegate.socket(family, type);
        }

        @Override
        public Selector selector() {
            selectors.incrementAndGet();
            return delegate.selector();
        }
    }

    private ServerConfig config(ServerKind kind, SocketProvider provider) {
        return ServerConfig.of(kind, loopback(family(kind)), kind.isStream() ? Lines::new : SocketServerTest.DatagramEcho::new)
                .withConcurrency(Concurrency.THREADS).withProvider(provider);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("handleRequest() makes no selector: 200 calls, 100 timing out, 100 serving a client")
    void handleRequestMakesNoSelector(Transport transport) throws Exception {
        CountingProvider provider = new CountingProvider(provider(transport, ServerKind.TCP));
        AtomicInteger timeouts = new AtomicInteger();
        SocketServer server = track(new SocketServer(config(ServerKind.TCP, provider).withTimeout(Duration.ofMillis(1))) {
            @Override
            protected void handleTimeout() {
                timeouts.incrementAndGet();
            }
        });
        for (int i = 0; i < 100; i++) {
            server.handleRequest();
        }
        assertThat(timeouts.get()).isEqualTo(100);
        SocketServer untimed = track(new SocketServer(config(ServerKind.TCP, provider)));
        for (int i = 0; i < 100; i++) {
            try (Socket client = Matrix.provider(transport).createConnection(untimed.address(), WAIT)) {
                client.setTimeout(WAIT);
                untimed.handleRequest();
                assertEcho(client, "request " + i);
            }
        }
        assertThat(provider.selectors.get()).as("selectors made").isZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kinds")
    @DisplayName("serveForever(30 s) makes no selector, serves each request at once, and shutdown ends it at once")
    void servedAtOnceWhateverThePollInterval(Transport transport, ServerKind kind) throws Exception {
        CountingProvider provider = new CountingProvider(provider(transport, kind));
        SocketServer server = track(new SocketServer(config(kind, provider)));
        Future<?> loop = threads.submit(() -> {
            server.serveForever(LONG_POLL);
            return null;
        });
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            if (kind.isStream()) {
                assertEcho(client(transport, server), "request " + i);
            } else {
                Socket client = datagramClient(transport, kind);
                client.sendTo(("request " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), server.address());
                assertThat(new String(client.recv(100), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("request " + i);
            }
        }
        server.shutdown();
        loop.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("20 requests and a shutdown").isLessThan(WAIT);
        assertThat(provider.selectors.get()).as("selectors made").isZero();
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> kinds() {
        return Matrix.transports().flatMap(t -> java.util.stream.Stream.of(ServerKind.values())
                .map(k -> org.junit.jupiter.params.provider.Arguments.of(t, k)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("serviceActions runs every poll interval while no request comes, and serveForever runs again after shutdown")
    void serviceActionsEveryPollInterval(Transport transport) throws Exception {
        java.util.concurrent.atomic.AtomicReference<CountDownLatch> passes = new java.util.concurrent.atomic.AtomicReference<>();
        SocketServer server = track(new SocketServer(config(ServerKind.TCP, provider(transport, ServerKind.TCP))) {
            @Override
            protected void serviceActions() {
                passes.get().countDown();
            }
        });
        for (int round = 0; round < 2; round++) {
            passes.set(new CountDownLatch(5));
            Future<?> loop = threads.submit(() -> {
                server.serveForever(Duration.ofMillis(5));
                return null;
            });
            assertThat(passes.get().await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("five passes").isTrue();
            server.shutdown();
            loop.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
