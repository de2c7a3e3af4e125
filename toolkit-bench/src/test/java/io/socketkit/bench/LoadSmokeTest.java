package io.socketkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.netty.NettyProvider;
import io.socketkit.netty.Transport;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerKind;
import io.socketkit.server.SocketServer;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The benchmark's one test in the normal run: the load generator against the event-style echo server. */
class LoadSmokeTest {

    @Test
    @Timeout(20)
    @DisplayName("1 s of load on the event-style echo server: round trips happen, every byte comes back")
    void everyByteComesBack() throws Exception {
        assumeTrue(Transport.EPOLL.isAvailable(), "the load generator runs on epoll");
        try (NettyProvider epoll = NettyProvider.of(Transport.EPOLL);
             SocketServer server = new SocketServer(ServerConfig.events(ServerKind.TCP,
                     new InetSocketAddress("127.0.0.1", 0), EchoServers.EventEcho::new).withProvider(epoll))) {
            LoadGenerator.Result result = LoadGenerator.run(LoadGenerator.Kind.TCP, server.address(), 8, 4096, 200, 1000, true);
            assertThat(result.errors()).as("bytes that came back wrong, or failures").isZero();
            assertThat(result.roundTrips()).isPositive();
            assertThat(result.p50Micros()).isPositive();
        }
    }
}
