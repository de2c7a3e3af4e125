package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.server.Connection;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerKind;
import io.socketkit.server.SocketServer;
import io.socketkit.server.StreamEventHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The event style's backpressure calls: write-buffer limits, writability with other threads' writes, execute. */
class EventBackpressureTest extends SocketTestSupport {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    static Stream<Arguments> streamKinds() {
        return Matrix.transports().flatMap(t -> Stream.of(ServerKind.TCP, ServerKind.UNIX_STREAM).map(k -> Arguments.of(t, k)));
    }

    /** Hands its connection out; reports writability turning true; records what onError saw. */
    static final class Watched implements StreamEventHandler {
        final CompletableFuture<Connection> opened = new CompletableFuture<>();
        final CompletableFuture<Boolean> writableAgain = new CompletableFuture<>();
        final CompletableFuture<Throwable> error = new CompletableFuture<>();

        @Override
        public void onOpen(Connection connection) {
            connection.setWriteBufferLimits(4096, 1024);
            opened.complete(connection);
        }

        @Override
        public void onData(Connection connection, ByteBuffer data) {
        }

        @Override
        public void onWritabilityChanged(Connection connection) {
            if (connection.isWritable()) {
                writableAgain.complete(true);
            }
        }

        @Override
        public void onError(Connection connection, Throwable failure) {
            error.complete(failure);
        }
    }

    private SocketServer server(Transport transport, ServerKind kind, Watched handler) throws java.io.IOException {
        AddressFamily family = kind.accepts(AddressFamily.UNIX) ? AddressFamily.UNIX : AddressFamily.INET;
        return new SocketServer(ServerConfig.events(kind, loopback(family), () -> handler)
                .withProvider(Matrix.provider(transport, family, SocketType.STREAM)));
    }

    private static Socket connect(SocketServer server, Transport transport, ServerKind kind) throws java.io.IOException {
        AddressFamily family = kind.accepts(AddressFamily.UNIX) ? AddressFamily.UNIX : AddressFamily.INET;
        return Matrix.provider(transport, family, SocketType.STREAM).createConnection(server.address(), Duration.ofSeconds(20));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("streamKinds")
    @DisplayName("writes from another thread past the high mark: not writable at once; writable again, and told, once the client took them")
    void writabilityCountsWritesFromOtherThreads(Transport transport, ServerKind kind) throws Exception {
        Watched handler = new Watched();
        try (SocketServer server = server(transport, kind, handler); Socket client = connect(server, transport, kind)) {
            Connection connection = handler.opened.get(20, TimeUnit.SECONDS);
            assertThat(connection.isWritable()).isTrue();
            CompletableFuture.runAsync(() -> connection.write(new byte[5000]), threads).get(20, TimeUnit.SECONDS);
            assertThat(connection.isWritable()).as("5,000 bytes written, none flushed, over a 4,096-byte mark").isFalse();
            connection.flush();
            assertThat(recvExactly(client, 5000)).hasSize(5000);
            assertThat(handler.writableAgain.get(20, TimeUnit.SECONDS)).isTrue();
            assertThat(connection.isWritable()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("streamKinds")
    @DisplayName("execute: runs on the loop after the calls made before it; what it throws goes to onError; not after close")
    void execute(Transport transport, ServerKind kind) throws Exception {
        Watched handler = new Watched();
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        try (SocketServer server = server(transport, kind, handler); Socket client = connect(server, transport, kind)) {
            Connection connection = handler.opened.get(20, TimeUnit.SECONDS);
            Thread caller = Thread.currentThread();
            CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
            connection.write("a".getBytes(StandardCharsets.US_ASCII));
            connection.execute(() -> {
                onLoop.complete(Thread.currentThread() != caller);
                connection.write("b".getBytes(StandardCharsets.US_ASCII));
                connection.flush();
            });
            assertThat(new String(recvExactly(client, 2), StandardCharsets.US_ASCII)).isEqualTo("ab");
            assertThat(onLoop.get(20, TimeUnit.SECONDS)).isTrue();
            connection.execute(() -> {
                throw new IllegalStateException("task failed");
            });
            assertThat(handler.error.get(20, TimeUnit.SECONDS)).hasMessage("task failed");
            assertThatThrownBy(() -> connection.setWriteBufferLimits(10, 20)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("high < low: high 10, low 20");
            assertThatThrownBy(() -> connection.setWriteBufferLimits(10, -1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("low < 0: -1");
            assertThatThrownBy(() -> connection.execute(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("task");
            connection.abort();
            assertThat(client.recv(10)).as("closed").isEmpty();
            connection.execute(() -> ran.complete(true));
        }
        assertThat(ran).as("a task after the close, the server's loops now ended").isNotDone();
    }
}
