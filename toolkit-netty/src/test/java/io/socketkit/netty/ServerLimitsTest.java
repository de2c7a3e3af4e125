package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.server.Concurrency;
import io.socketkit.server.Connection;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerKind;
import io.socketkit.server.ServerLimits;
import io.socketkit.server.ServerMetrics;
import io.socketkit.server.ServerMetrics.Limit;
import io.socketkit.server.SocketServer;
import io.socketkit.server.StreamEventHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server limits of {@link ServerLimits} and the counters of {@link ServerMetrics}, on every
 * transport, both stream kinds, both handler styles: each limit holds, is counted, and leaves the server
 * serving others.
 */
class ServerLimitsTest extends ServerTestSupport {
    enum Style { REQUEST, EVENT }

    static Stream<Arguments> cases() {
        return Matrix.transports().flatMap(t -> Stream.of(ServerKind.TCP, ServerKind.UNIX_STREAM)
                .flatMap(k -> Stream.of(Style.values()).map(s -> Arguments.of(t, k, s))));
    }

    private SocketServer start(Transport transport, ServerKind kind, Style style, ServerLimits limits) throws IOException {
        AddressFamily family = kind == ServerKind.TCP ? AddressFamily.INET : AddressFamily.UNIX;
        NettyProvider provider = Matrix.provider(transport, family, SocketType.STREAM);
        ServerConfig config = style == Style.EVENT ? ServerConfig.events(kind, loopback(family), Echo::new)
                : ServerConfig.of(kind, loopback(family), Lines::new).withConcurrency(Concurrency.THREADS);
        return serve(config.withProvider(provider).withLimits(limits));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    @DisplayName("maxConnections: the connection over the limit is closed at once and counted as refused; "
            + "when one leaves, the next is served")
    void maxConnections(Transport transport, ServerKind kind, Style style) throws Exception {
        SocketServer server = start(transport, kind, style, ServerLimits.defaults().withMaxConnections(2));
        Socket first = client(transport, server);
        Socket second = client(transport, server);
        assertEcho(first, "one");
        assertEcho(second, "two");
        Socket third = client(transport, server);
        assertClosedByServer(third);
        ServerMetrics metrics = server.metrics();
        assertThat(metrics.refused()).isEqualTo(1);
        assertThat(metrics.limitHits()).containsEntry(Limit.MAX_CONNECTIONS, 1L);
        assertThat(metrics.active()).isEqualTo(2);
        first.close();
        await().atMost(WAIT).until(() -> metrics.active() == 1);
        assertEcho(client(transport, server), "three");
        assertThat(metrics.accepted()).isEqualTo(3);
        assertEcho(second, "still served");
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    @DisplayName("maxConnectionsPerSecondPerAddress: an address opening connections faster is refused, counted")
    void connectionRate(Transport transport, ServerKind kind, Style style) throws Exception {
        SocketServer server = start(transport, kind, style,
                ServerLimits.defaults().withMaxConnectionsPerSecondPerAddress(1));
        assertEcho(client(transport, server), "first");
        // With a rate of one a second, one of the next connections is refused, however slow this machine is.
        for (int i = 0; i < 5 && server.metrics().refused() == 0; i++) {
            Socket next = client(transport, server);
            byte[] got = exchangeOrClosed(next);
            if (got.length == 0) {
                await().atMost(WAIT).until(() -> server.metrics().refused() > 0);
            }
        }
        assertThat(server.metrics().limitHits()).containsEntry(Limit.CONNECTION_RATE, server.metrics().refused());
        assertThat(server.metrics().refused()).isPositive();
    }

    /** Sends a line and reads the answer; empty if the server closed the connection (first). */
    private static byte[] exchangeOrClosed(Socket client) throws IOException {
        try {
            client.sendAll("x\n".getBytes(StandardCharsets.US_ASCII));
            return client.recv(100);
        } catch (io.socketkit.ConnectionResetError | io.socketkit.BrokenPipeError e) {
            return new byte[0];
        }
    }

    static Stream<Arguments> tcpCases() {
        return Matrix.transports().flatMap(t -> Stream.of(Style.values()).map(s -> Arguments.of(t, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tcpCases")
    @DisplayName("slowloris: clients trickling a byte at a time from one address hold maxConnectionsPerAddress, "
            + "no more; another address is served")
    void slowloris(Transport transport, Style style) throws Exception {
        SocketServer server = start(transport, ServerKind.TCP, style, ServerLimits.defaults().withMaxConnectionsPerAddress(2));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Socket client = client(transport, server);
            client.sendAll(new byte[] {'s'});
            slow.add(client);
            long seen = i + 1;
            await().atMost(WAIT).until(() -> server.metrics().accepted() + server.metrics().refused() == seen);
        }
        assertThat(server.metrics().accepted()).isEqualTo(2);
        assertThat(server.metrics().limitHits()).containsEntry(Limit.CONNECTIONS_PER_ADDRESS, 4L);
        for (Socket refused : slow.subList(2, 6)) {
            assertClosedByServer(refused);
        }
        // The two admitted trickle on, and are still there.
        for (Socket held : slow.subList(0, 2)) {
            held.sendAll(new byte[] {'s'});
        }
        assertThat(server.metrics().active()).isEqualTo(2);
        Socket other = track(Matrix.provider(transport).socket(AddressFamily.INET, SocketType.STREAM));
        other.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
        other.setTimeout(WAIT);
        other.connect(server.address());
        assertEcho(other, "from 127.0.0.2");
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    @DisplayName("idleTimeout: a client that sends nothing is closed and counted; a talking client is served")
    void idleTimeout(Transport transport, ServerKind kind, Style style) throws Exception {
        SocketServer server = start(transport, kind, style, ServerLimits.defaults().withIdleTimeout(Duration.ofMillis(300)));
        Socket talker = client(transport, server);
        assertEcho(talker, "hello");
        Socket silent = client(transport, server);
        long start = System.nanoTime();
        assertClosedByServer(silent);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        await().atMost(WAIT).until(() -> server.metrics().limitHits().get(Limit.IDLE_TIMEOUT) >= 1);
        assertThat(server.metrics().errors()).doesNotContainKey("TimeoutError");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.EventServerTest#streamKinds")
    @DisplayName("maxLineLength: readLine ends the request on a line without end; shorter lines are served")
    void maxLineLength(Transport transport, ServerKind kind) throws Exception {
        SocketServer server = start(transport, kind, Style.REQUEST, ServerLimits.defaults().withMaxLineLength(16));
        Socket client = client(transport, server);
        assertEcho(client, "fifteen bytes..");
        client.sendAll(new byte[1000]);
        assertClosedByServer(client);
        await().atMost(WAIT).until(() -> server.metrics().limitHits().get(Limit.MAX_LINE_LENGTH) == 1);
        assertEcho(client(transport, server), "next");
    }

    /** Answers every byte with 256 KiB (however TCP groups them): a client that does not read makes output pile up. */
    static final class Amplifier implements StreamEventHandler {
        @Override
        public void onOpen(Connection connection) {
            // 2 MiB written at once, before any flush: over the 1 MiB limit whatever the kernel would take.
            for (int i = 0; i < 8 && connection.isOpen(); i++) {
                connection.write(new byte[256 * 1024]);
            }
        }

        @Override
        public void onData(Connection connection, ByteBuffer data) {
            for (int i = data.remaining(); i > 0 && connection.isOpen(); i--) {
                connection.write(new byte[256 * 1024]);
            }
            connection.flush();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.EventServerTest#streamKinds")
    @DisplayName("maxPendingOutputBytes: an event-style connection whose peer does not read is closed and counted")
    void maxPendingOutput(Transport transport, ServerKind kind) throws Exception {
        AddressFamily family = kind == ServerKind.TCP ? AddressFamily.INET : AddressFamily.UNIX;
        SocketServer server = track(new SocketServer(ServerConfig.events(kind, loopback(family), Amplifier::new)
                .withProvider(Matrix.provider(transport, family, SocketType.STREAM))
                .withLimits(ServerLimits.defaults().withMaxPendingOutputBytes(1024 * 1024))));
        Socket client = client(transport, server);
        // Kernel buffers take some megabytes; then the server's own queue passes the limit.
        for (int i = 0; i < 2000 && server.metrics().limitHits().get(Limit.MAX_PENDING_OUTPUT) == 0; i++) {
            try {
                client.send(new byte[1]);
            } catch (IOException e) {
                break;
            }
        }
        await().atMost(WAIT).until(() -> server.metrics().limitHits().get(Limit.MAX_PENDING_OUTPUT) == 1);
        await().atMost(WAIT).until(() -> server.metrics().active() == 0);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.EventServerTest#streamKinds")
    @DisplayName("maxPendingOutputBytes counts writes from other threads at once, while the event loop has not run them")
    void pendingOutputFromAnotherThread(Transport transport, ServerKind kind) throws Exception {
        AddressFamily family = kind == ServerKind.TCP ? AddressFamily.INET : AddressFamily.UNIX;
        java.util.concurrent.CountDownLatch loopHeld = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Connection> opened = new java.util.concurrent.CompletableFuture<>();
        StreamEventHandler holdsTheLoop = new StreamEventHandler() {
            @Override
            public void onOpen(Connection connection) {
                opened.complete(connection);
            }

            @Override
            public void onData(Connection connection, ByteBuffer data) throws InterruptedException {
                loopHeld.countDown();
                // Holds this connection's event loop (a test's handler only), so that writes from
                // another thread wait in its queue.
                release.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        };
        SocketServer server = track(new SocketServer(ServerConfig.events(kind, loopback(family), () -> holdsTheLoop)
                .withProvider(Matrix.provider(transport, family, SocketType.STREAM))
                .withLimits(ServerLimits.defaults().withMaxPendingOutputBytes(64 * 1024))));
        Socket client = client(transport, server);
        try {
            client.sendAll(new byte[] {1});
            assertThat(loopHeld.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
            Connection connection = opened.get();

            connection.write(new byte[40 * 1024]);
            assertThat(connection.pendingOutputBytes()).isGreaterThanOrEqualTo(40 * 1024);
            assertThat(server.metrics().limitHits().get(Limit.MAX_PENDING_OUTPUT)).isZero();
            connection.write(new byte[40 * 1024]);
            assertThat(connection.pendingOutputBytes()).isGreaterThanOrEqualTo(80 * 1024);
            assertThat(server.metrics().limitHits().get(Limit.MAX_PENDING_OUTPUT)).as("counted on the writing thread")
                    .isEqualTo(1);
        } finally {
            release.countDown();
        }
        await().atMost(WAIT).until(() -> server.metrics().active() == 0);
        assertThat(server.metrics().limitHits().get(Limit.MAX_PENDING_OUTPUT)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    @DisplayName("metrics: accepted, active, bytes in and out of an echo")
    void metrics(Transport transport, ServerKind kind, Style style) throws Exception {
        SocketServer server = start(transport, kind, style, ServerLimits.defaults());
        Socket a = client(transport, server);
        Socket b = client(transport, server);
        assertEcho(a, "0123456789");
        assertEcho(b, "abc");
        ServerMetrics metrics = server.metrics();
        await().atMost(WAIT).until(() -> metrics.bytesSent() == 15);
        assertThat(metrics.bytesReceived()).isEqualTo(15);
        assertThat(metrics.accepted()).isEqualTo(2);
        assertThat(metrics.active()).isEqualTo(2);
        assertThat(metrics.refused()).isZero();
        a.close();
        b.close();
        await().atMost(WAIT).until(() -> metrics.active() == 0);
        assertThat(metrics.limitHits().values()).containsOnly(0L);
    }
}
