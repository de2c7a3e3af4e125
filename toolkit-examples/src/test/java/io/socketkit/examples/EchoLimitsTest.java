package io.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.ConnectionResetError;
import io.socketkit.Socket;
import io.socketkit.Sockets;
import io.socketkit.server.ServerMetrics;
import io.socketkit.server.SocketServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code echo --max-connections N --max-per-address N}: the library's limits, held in each style that
 * serves connections side by side. (SERIAL serves one connection at a time, so it never holds more.)
 */
class EchoLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ExampleServers servers = new ExampleServers();
    private final List<Socket> clients = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (Socket client : clients) {
            client.close();
        }
        servers.close();
    }

    private Socket connect(SocketServer server) throws IOException {
        Socket client = Sockets.createConnection(server.address(), WAIT);
        client.setTimeout(WAIT);
        clients.add(client);
        return client;
    }

    private static void assertEchoes(Socket client, String text) throws IOException {
        byte[] line = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        client.sendAll(line);
        assertThat(client.recv(100)).as("echo of %s", text).isEqualTo(line);
    }

    /** The server closed it at once: end of stream (or a reset, if our bytes were unread). */
    private static void assertRefused(Socket client) throws IOException {
        try {
            assertThat(client.recv(100)).isEmpty();
        } catch (ConnectionResetError e) {
            // Closed with our bytes unread: refused too.
        }
    }

    private ExampleServers.Running start(String style, String... limit) throws Exception {
        assumeTrue(!style.equals("virtual") || Runtime.version().feature() >= 21, "virtual threads need Java 21+");
        List<String> args = new ArrayList<>(List.of("echo", "--style", style, "--bind", "127.0.0.1:0"));
        args.addAll(List.of(limit));
        return servers.start(args.toArray(new String[0]));
    }

    @ParameterizedTest(name = "--style {0}")
    @ValueSource(strings = {"event", "threads", "virtual"})
    @DisplayName("--max-connections 2: two served, the third closed at once and counted, a newcomer served once one leaves")
    void maxConnections(String style) throws Exception {
        ExampleServers.Running running = start(style, "--max-connections", "2");
        SocketServer server = running.server();
        Socket first = connect(server);
        assertEchoes(first, "one");
        assertEchoes(connect(server), "two");
        assertRefused(connect(server));
        assertThat(server.metrics().limitHits().get(ServerMetrics.Limit.MAX_CONNECTIONS)).isEqualTo(1);
        first.close();
        await().atMost(WAIT).until(() -> server.metrics().active() == 1);
        assertEchoes(connect(server), "three");
        ExampleServers.stop(running);
    }

    @ParameterizedTest(name = "--style {0}")
    @ValueSource(strings = {"event", "threads", "virtual"})
    @DisplayName("--max-per-address 1: a second connection from 127.0.0.1 is closed at once and counted")
    void maxPerAddress(String style) throws Exception {
        ExampleServers.Running running = start(style, "--max-per-address", "1");
        SocketServer server = running.server();
        assertEchoes(connect(server), "one");
        assertRefused(connect(server));
        assertThat(server.metrics().limitHits().get(ServerMetrics.Limit.CONNECTIONS_PER_ADDRESS)).isEqualTo(1);
        ExampleServers.stop(running);
    }
}
