package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerKind;
import io.socketkit.server.ServerLimits;
import io.socketkit.server.SocketServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Micrometer binder reads the server's counters at each scrape. */
class SocketServerMetersTest extends SocketTestSupport {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    void metersFollowTheServer(Transport transport) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SocketServer server = new SocketServer(ServerConfig.events(ServerKind.TCP, loopback(AddressFamily.INET),
                ServerTestSupport.Echo::new).withProvider(Matrix.provider(transport, AddressFamily.INET, SocketType.STREAM))
                .withLimits(ServerLimits.defaults().withMaxConnections(1)))) {
            new SocketServerMeters(server.metrics(), Tags.of("server", "echo")).bindTo(registry);
            Socket client = track(Matrix.provider(transport).createConnection(server.address(), Duration.ofSeconds(10)));
            client.setTimeout(Duration.ofSeconds(10));
            client.sendAll("hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.recv(5)).hasSize(5);
            Socket refused = track(Matrix.provider(transport).createConnection(server.address(), Duration.ofSeconds(10)));
            refused.setTimeout(Duration.ofSeconds(10));
            assertThat(refused.recv(5)).isEmpty();

            assertThat(registry.get("socketkit.server.connections.accepted").tag("server", "echo").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("socketkit.server.connections.active").gauge().value()).isEqualTo(1);
            assertThat(registry.get("socketkit.server.connections.refused").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("socketkit.server.bytes.received").functionCounter().count()).isEqualTo(5);
            assertThat(registry.get("socketkit.server.limit.hits").tag("limit", "MAX_CONNECTIONS").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get("socketkit.server.errors").tag("kind", "other").functionCounter().count()).isZero();
            client.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("socketkit.server.connections.active").gauge().value() == 0);
        }
    }
}
