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
import io.socketkit.server.SocketServer;
import io.socketkit.server.StreamEventHandler;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Warnings that recur per connection are throttled: a line a second at most, with the count since. */
class ThrottledWarningsTest extends ServerTestSupport {
    private static final int CONNECTIONS = 10;

    /** Fails on every read. */
    static final class Failing implements StreamEventHandler {
        @Override
        public void onData(Connection connection, ByteBuffer data) {
            throw new IllegalStateException("handler bug");
        }
    }

    private static long warnings(LogCapture log, String text) {
        return log.atLeast(Level.WARNING).stream().filter(l -> l.contains(text)).count();
    }

    @Test
    @DisplayName("an event handler failing on every connection: 'event handler failed' logged, throttled")
    void eventHandlerFailures() throws Exception {
        try (LogCapture log = new LogCapture()) {
            long started = System.nanoTime();
            SocketServer server = serve(ServerConfig.events(ServerKind.TCP, new InetSocketAddress("127.0.0.1", 0), Failing::new)
                    .withProvider(Matrix.provider(Transport.NIO)));
            for (int i = 0; i < CONNECTIONS; i++) {
                try (Socket client = client(Transport.NIO, server)) {
                    client.sendAll(new byte[] {1});
                    assertClosedByServer(client);
                }
            }
            await().atMost(WAIT).until(() -> server.metrics().errors().values().stream().mapToLong(Long::longValue).sum() >= CONNECTIONS);
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertThat(warnings(log, "event handler failed")).isBetween(1L, 2 + seconds);
        }
    }

    @Test
    @DisplayName("a uid allow-list on NIO (which cannot tell the uid): each refusal counted, the WARN throttled and without a stack trace")
    void peerUidUncheckable() throws Exception {
        int uid = (Integer) Files.getAttribute(tempDir, "unix:uid");
        Path path = tempDir.resolve("nio.sock");
        try (LogCapture log = new LogCapture()) {
            long started = System.nanoTime();
            SocketServer server = serve(ServerConfig.unixStream(UnixDomainSocketAddress.of(path), Lines::new)
                    .withConcurrency(Concurrency.THREADS).withAllowedPeerUids(Set.of(uid))
                    .withProvider(Matrix.provider(Transport.NIO, AddressFamily.UNIX, SocketType.STREAM)));
            for (int i = 0; i < CONNECTIONS; i++) {
                try (Socket client = client(Transport.NIO, server)) {
                    assertClosedByServer(client);
                }
            }
            await().atMost(WAIT).until(() -> server.metrics().refused() >= CONNECTIONS);
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertThat(warnings(log, "cannot check the peer's uid")).isBetween(1L, 2 + seconds);
            assertThat(log.thrown()).as("stack traces logged").isZero();
        }
    }
}
