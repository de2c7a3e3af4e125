package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketOption;
import io.socketkit.SocketType;
import io.socketkit.server.Concurrency;
import io.socketkit.server.Connection;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerKind;
import io.socketkit.server.SocketServer;
import io.socketkit.server.StreamEventHandler;
import io.socketkit.server.StreamRequestHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults a server must live through, on every transport and both handler styles: peers that reset in
 * the middle of a message, a storm of connections closed as soon as they open, and a shutdown while
 * replies are in flight — after which every byte a handler handed over has reached its client.
 */
class FaultTest extends ServerTestSupport {
    private static final int REPLY = 1 << 20;

    static Stream<Arguments> cases() {
        return Matrix.styles();
    }

    private SocketServer echo(Transport transport, Matrix.Style style) throws IOException {
        ServerConfig config = style == Matrix.Style.EVENT
                ? ServerConfig.events(ServerKind.TCP, loopback(AddressFamily.INET), Echo::new)
                : ServerConfig.tcp(loopback(AddressFamily.INET), Lines::new).withConcurrency(Concurrency.THREADS);
        if (transport == Transport.IO_URING && style == Matrix.Style.REQUEST) {
            // Netty 4.2.18's io_uring channel, reading on demand, sometimes never reports a reset that
            // follows data (about 1 in 5 here): a blocking recv would wait for ever. The idle timeout is
            // the documented remedy (docs/reliability.md); this proves it works.
            config = config.withLimits(io.socketkit.server.ServerLimits.defaults().withIdleTimeout(Duration.ofSeconds(1)));
        }
        return serve(config.withProvider(Matrix.provider(transport, AddressFamily.INET, SocketType.STREAM)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @DisplayName("peers that reset in the middle of a line: the server counts them, closes their side, serves the others")
    void resetMidMessage(Transport transport, Matrix.Style style) throws Exception {
        SocketServer server = echo(transport, style);
        Socket steady = client(transport, server);
        for (int i = 0; i < 20; i++) {
            Socket rude = client(transport, server);
            rude.sendAll(("half a line " + i).getBytes(StandardCharsets.US_ASCII));
            rude.setOption(SocketOption.SO_LINGER, 0);
            rude.close();
            assertEcho(steady, "still served " + i);
        }
        steady.close();
        await().atMost(WAIT).until(() -> server.metrics().active() == 0);
        assertThat(server.metrics().accepted()).isEqualTo(21);
        assertEcho(client(transport, server), "a newcomer");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @DisplayName("1,000 connections closed as soon as they open: none is left open, nothing leaks, the next client is served")
    void connectAndCloseStorm(Transport transport, Matrix.Style style) throws Exception {
        SocketServer server = echo(transport, style);
        for (int i = 0; i < 1_000; i++) {
            Matrix.provider(transport).createConnection(server.address(), WAIT).close();
        }
        await().atMost(WAIT).until(() -> server.metrics().accepted() == 1_000 && server.metrics().active() == 0);
        assertEcho(client(transport, server), "still here");
    }

    /** Request style: sends a megabyte, says so, then waits for its client. */
    static final class Sender extends StreamRequestHandler {
        static volatile CountDownLatch sent;

        @Override
        protected void handle() throws IOException {
            wfile.write(new byte[REPLY]);
            wfile.flush();
            sent.countDown();
            rfile.read();
        }
    }

    /** Event style: writes a megabyte in 16 KiB pieces when the connection opens. */
    static final class EventSender implements StreamEventHandler {
        static volatile CountDownLatch sent;

        @Override
        public void onOpen(Connection connection) {
            for (int i = 0; i < REPLY / 16384; i++) {
                connection.write(new byte[16384]);
            }
            connection.flush();
            sent.countDown();
        }

        @Override
        public void onData(Connection connection, ByteBuffer data) {
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @DisplayName("close() while replies are in flight: every byte a handler handed over reaches its client, then end of stream")
    void shutdownWithRepliesInFlight(Transport transport, Matrix.Style style) throws Exception {
        int clients = 8;
        CountDownLatch sent = new CountDownLatch(clients);
        Sender.sent = sent;
        EventSender.sent = sent;
        ServerConfig config = style == Matrix.Style.EVENT
                ? ServerConfig.events(ServerKind.TCP, loopback(AddressFamily.INET), EventSender::new)
                : ServerConfig.tcp(loopback(AddressFamily.INET), Sender::new).withConcurrency(Concurrency.THREADS)
                        .withBlockOnClose(false);
        SocketServer server = serve(config.withProvider(Matrix.provider(transport, AddressFamily.INET, SocketType.STREAM)));
        List<CompletableFuture<Integer>> reading = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Socket client = client(transport, server);
            reading.add(CompletableFuture.supplyAsync(() -> {
                try {
                    // Reads on to the end: a blocking sendAll returns only as the client makes room.
                    int got = 0;
                    for (byte[] data = client.recv(65536); data.length > 0; data = client.recv(65536)) {
                        got += data.length;
                    }
                    return got;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, threads));
        }
        assertThat(sent.await(20, TimeUnit.SECONDS)).as("every handler handed its reply over").isTrue();
        server.shutdown();
        server.close();
        for (CompletableFuture<Integer> received : reading) {
            assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(REPLY);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @DisplayName("300 clients that reset: each counted (ECONNRESET), a bounded number of log lines, none above DEBUG per reset")
    void resetsAreCountedNotLogged(Transport transport, Matrix.Style style) throws Exception {
        int resets = 300;
        SocketServer server = echo(transport, style);
        long started = System.nanoTime();
        List<String> lines;
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < resets; i++) {
                try (Socket rude = Matrix.provider(transport).createConnection(server.address(), WAIT)) {
                    rude.setTimeout(WAIT);
                    assertEcho(rude, "then a reset " + i);
                    rude.setOption(SocketOption.SO_LINGER, 0);
                }
            }
            // io_uring may miss a reset: its idle timeout (1 s) ends those connections instead.
            await().atMost(WAIT).until(() -> server.metrics().errors().getOrDefault("ECONNRESET", 0L)
                    + server.metrics().limitHits().get(io.socketkit.server.ServerMetrics.Limit.IDLE_TIMEOUT) == resets);
            lines = log.atLeast(java.util.logging.Level.INFO);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertThat(lines).as("log lines for %d resets in %d s", resets, seconds).hasSizeLessThanOrEqualTo((int) (2 * (seconds + 2)));
    }
}
