package io.socketkit.netty;

import static io.socketkit.netty.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.TimeoutError;
import io.socketkit.server.Concurrency;
import io.socketkit.server.DatagramRequestHandler;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerKind;
import io.socketkit.server.SocketServer;
import io.socketkit.server.StreamRequestHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CPython's Lib/test/test_socketserver.py, ported: every kind × policy × transport, and the rest. */
class SocketServerTest extends SocketTestSupport {
    static final byte[] TEST_STR = "hello world\n".getBytes(StandardCharsets.US_ASCII);
    private final ExecutorService serving = Executors.newCachedThreadPool();

    @AfterEach
    void stopServing() throws InterruptedException {
        serving.shutdownNow();
        assertThat(serving.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    static Stream<Arguments> servers() {
        Concurrency[] policies = {Concurrency.SERIAL, Concurrency.THREADS, Concurrency.VIRTUAL_THREADS,
            Concurrency.boundedPool(2, 4)};
        return Matrix.transports().flatMap(t -> Stream.of(ServerKind.values())
                .flatMap(k -> Stream.of(policies).map(p -> Arguments.of(t, k, p))));
    }

    /** The test's handler: echoes one line (MyHandler in test_socketserver.py). */
    static final class LineEcho extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            wfile.write(readLine());
        }
    }

    /** The datagram twin: echoes the datagram's line. */
    static final class DatagramEcho extends DatagramRequestHandler {
        @Override
        protected void handle() throws IOException {
            wfile.write(rfile.readAllBytes());
        }
    }

    /** A server that records handleError instead of logging (MyServer in test_socketserver.py). */
    static class RecordingServer extends SocketServer {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        RecordingServer(ServerConfig config) throws IOException {
            super(config);
        }

        @Override
        protected void handleError(Object request, SocketAddress clientAddress, Throwable error) {
            errors.add(error);
        }
    }

    private NettyProvider provider(Transport transport, ServerKind kind) {
        AddressFamily family = kind == ServerKind.UNIX_STREAM || kind == ServerKind.UNIX_DATAGRAM ? AddressFamily.UNIX : AddressFamily.INET;
        return Matrix.provider(transport, family, kind.type());
    }

    private ServerConfig config(Transport transport, ServerKind kind, Concurrency policy) {
        NettyProvider provider = provider(transport, kind);
        AddressFamily family = kind.accepts(AddressFamily.UNIX) ? AddressFamily.UNIX : AddressFamily.INET;
        return ServerConfig.of(kind, loopback(family), kind.isStream() ? LineEcho::new : DatagramEcho::new)
                .withConcurrency(policy).withProvider(provider);
    }

    private CompletableFuture<Void> serve(SocketServer server) {
        return CompletableFuture.runAsync(() -> {
            try {
                server.serveForever(Duration.ofMillis(10));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, serving);
    }

    private static long requestThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("socketserver-") && t.isAlive()).count();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("servers")
    @DisplayName("SocketServerTest.test_TCPServer, test_ThreadingTCPServer, test_UDPServer, test_ThreadingUDPServer,"
            + " test_UnixStreamServer, test_ThreadingUnixStreamServer, test_UnixDatagramServer,"
            + " test_ThreadingUnixDatagramServer: three clients each get their line back")
    void runServer(Transport transport, ServerKind kind, Concurrency policy) throws Exception {
        assumeTrue(policy.unavailabilityReason() == null, policy::unavailabilityReason);
        long threadsBefore = requestThreads();
        RecordingServer server = new RecordingServer(config(transport, kind, policy));
        assertThat(server.address()).isEqualTo(server.socket().getSockName());
        CompletableFuture<Void> loop = serve(server);
        for (int i = 0; i < 3; i++) {
            if (kind.isStream()) {
                streamExamine(transport, kind, server.address());
            } else {
                datagramExamine(transport, kind, server.address());
            }
        }
        server.shutdown();
        loop.get(10, TimeUnit.SECONDS);
        server.close();
        assertThat(server.fileno()).isEqualTo(-1);
        assertThat(server.errors).isEmpty();
        assertThat(requestThreads()).as("request threads after close").isLessThanOrEqualTo(threadsBefore);
    }

    private void streamExamine(Transport transport, ServerKind kind, SocketAddress address) throws IOException {
        try (Socket s = Matrix.provider(transport).socket(AddressFamily.of(address), SocketType.STREAM)) {
            s.setTimeout(Duration.ofSeconds(10));
            s.connect(address);
            s.sendAll(TEST_STR);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            for (byte[] data = s.recv(100); data.length > 0; data = s.recv(100)) {
                buf.writeBytes(data);
            }
            assertThat(buf.toByteArray()).isEqualTo(TEST_STR);
        }
    }

    private void datagramExamine(Transport transport, ServerKind kind, SocketAddress address) throws IOException {
        try (Socket s = Matrix.provider(transport).socket(AddressFamily.of(address), SocketType.DGRAM)) {
            s.setTimeout(Duration.ofSeconds(10));
            if (kind == ServerKind.UNIX_DATAGRAM) {
                s.bind(loopback(AddressFamily.UNIX));
            }
            s.sendTo(TEST_STR, address);
            assertThat(s.recv(100)).isEqualTo(TEST_STR);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("SocketServerTest.test_shutdown: shutdown() always makes serve_forever() return (20 servers)")
    void testShutdown(Transport transport) throws Exception {
        for (int i = 0; i < 20; i++) {
            try (SocketServer server = new SocketServer(config(transport, ServerKind.TCP, Concurrency.SERIAL))) {
                CompletableFuture<Void> loop = serve(server);
                server.shutdown();
                loop.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("serve_forever runs again after a shutdown; shutdown from the serving thread fails fast, not a deadlock")
    void serveAgainAndShutdownFromServingThread(Transport transport) throws Exception {
        AtomicInteger passes = new AtomicInteger();
        List<Throwable> fromHook = new CopyOnWriteArrayList<>();
        try (SocketServer server = new SocketServer(config(transport, ServerKind.TCP, Concurrency.SERIAL)) {
            @Override
            protected void serviceActions() {
                if (passes.incrementAndGet() == 1) {
                    try {
                        shutdown();
                    } catch (IllegalStateException e) {
                        fromHook.add(e);
                    }
                }
            }
        }) {
            for (int round = 0; round < 2; round++) {
                CompletableFuture<Void> loop = serve(server);
                streamExamine(transport, ServerKind.TCP, server.address());
                server.shutdown();
                loop.get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(fromHook).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("another thread"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("SocketServerTest.test_close_immediately and test_context_manager: close at once; fileno -1 after")
    void closeImmediately(Transport transport) throws Exception {
        SocketServer server;
        try (SocketServer s = new SocketServer(config(transport, ServerKind.TCP, Concurrency.THREADS))) {
            server = s;
        }
        assertThat(server.fileno()).isEqualTo(-1);
        assertThat(server.socket().isClosed()).isTrue();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    @DisplayName("SocketServerTest.test_tcpserver_bind_leak: 1024 failing binds leak no descriptor")
    void bindLeak() throws Exception {
        try (SocketServer taken = new SocketServer(config(Transport.EPOLL, ServerKind.TCP, Concurrency.SERIAL))) {
            long before = openDescriptors();
            for (int i = 0; i < 1024; i++) {
                ServerConfig clash = ServerConfig.tcp(taken.address(), LineEcho::new).withProvider(Matrix.provider(Transport.EPOLL));
                assertErrno(() -> new SocketServer(clash), Errno.EADDRINUSE).isInstanceOf(java.net.BindException.class);
            }
            assertThat(openDescriptors()).isLessThanOrEqualTo(before + 8);
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("allow_reuse_address / allow_reuse_port: in-use is EADDRINUSE unless reuse-port makes it legal")
    void reuseAddress(Transport transport) throws Exception {
        ServerConfig reusePort = config(transport, ServerKind.TCP, Concurrency.SERIAL).withAllowReusePort(true);
        try (SocketServer first = new SocketServer(reusePort)) {
            ServerConfig same = ServerConfig.tcp(first.address(), LineEcho::new).withProvider(Matrix.provider(transport));
            assertErrno(() -> new SocketServer(same), Errno.EADDRINUSE);
            assertErrno(() -> new SocketServer(same.withAllowReuseAddress(true)), Errno.EADDRINUSE);
            try (SocketServer second = new SocketServer(same.withAllowReusePort(true))) {
                assertThat(second.address()).isEqualTo(first.address());
            }
        }
        assertThatThrownBy(() -> ServerConfig.unixStream(loopback(AddressFamily.UNIX), LineEcho::new).withAllowReusePort(true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static final class Failing extends StreamRequestHandler {
        static final List<String> CALLS = new CopyOnWriteArrayList<>();
        final String where;

        Failing(String where) {
            this.where = where;
        }

        @Override
        protected void setup() throws Exception {
            CALLS.add("setup");
            super.setup();
            if (where.equals("setup")) {
                throw new IllegalStateException("setup failed");
            }
        }

        @Override
        protected void handle() {
            CALLS.add("handle");
            if (where.equals("handle")) {
                throw new IllegalStateException("handle failed");
            }
        }

        @Override
        protected void finish() throws Exception {
            CALLS.add("finish");
            super.finish();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("errorCases")
    @DisplayName("ErrorHandlerTest.test_sync_handled / test_threading_handled: handle_error runs, finish runs after a failing"
            + " handle, neither after a failing setup, and the server keeps serving")
    void errorsAreHandled(Transport transport, Concurrency policy) throws Exception {
        for (String where : new String[] {"handle", "setup"}) {
            Failing.CALLS.clear();
            ServerConfig config = config(transport, ServerKind.TCP, policy);
            RecordingServer server = new RecordingServer(ServerConfig.tcp(config.address(), () -> new Failing(where))
                    .withConcurrency(policy).withProvider(config.provider()));
            CompletableFuture<Void> loop = serve(server);
            for (int i = 0; i < 2; i++) {
                try (Socket s = Matrix.provider(transport).createConnection(server.address(), Duration.ofSeconds(10))) {
                    assertThat(s.recv(10)).as("the server ends the failed request").isEmpty();
                }
            }
            server.shutdown();
            loop.get(10, TimeUnit.SECONDS);
            server.close();
            assertThat(server.errors).hasSize(2).allSatisfy(e -> assertThat(e).hasMessage(where + " failed"));
            assertThat(Failing.CALLS).containsExactlyElementsOf(where.equals("handle")
                    ? List.of("setup", "handle", "finish", "setup", "handle", "finish") : List.of("setup", "setup"));
        }
    }

    static Stream<Arguments> errorCases() {
        return Matrix.transports().flatMap(t -> Stream.of(Concurrency.SERIAL, Concurrency.THREADS).map(p -> Arguments.of(t, p)));
    }

    static final class Slow extends StreamRequestHandler {
        Slow() {
            timeout = Duration.ofMillis(100);
        }

        @Override
        protected void handle() throws IOException {
            rfile.read();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("a handler timeout: a silent client ends with a timeout error in handle_error; others are served")
    void handlerTimeout(Transport transport) throws Exception {
        ServerConfig config = config(transport, ServerKind.TCP, Concurrency.THREADS);
        RecordingServer server = new RecordingServer(ServerConfig.tcp(config.address(), Slow::new)
                .withConcurrency(Concurrency.THREADS).withProvider(config.provider()));
        CompletableFuture<Void> loop = serve(server);
        try (Socket silent = Matrix.provider(transport).createConnection(server.address(), Duration.ofSeconds(10))) {
            assertThat(silent.recv(10)).isEmpty();
        }
        server.shutdown();
        loop.get(10, TimeUnit.SECONDS);
        server.close();
        assertThat(server.errors).singleElement().isInstanceOf(TimeoutError.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("MiscTestCase.test_shutdown_request_called_if_verify_request_false")
    void verifyRequestFalse(Transport transport) throws Exception {
        AtomicInteger shutdownCalled = new AtomicInteger();
        try (SocketServer server = new SocketServer(config(transport, ServerKind.TCP, Concurrency.SERIAL)) {
            @Override
            protected boolean verifyRequest(Object request, SocketAddress clientAddress) {
                return false;
            }

            @Override
            protected void shutdownRequest(Object request) {
                shutdownCalled.incrementAndGet();
                super.shutdownRequest(request);
            }
        }) {
            Socket s = Matrix.provider(transport).createConnection(server.address(), Duration.ofSeconds(10));
            s.close();
            server.handleRequest();
            assertThat(shutdownCalled.get()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("MiscTestCase.test_threads_reaped: request threads do not pile up; none survives close")
    void threadsReaped(Transport transport) throws Exception {
        long before = requestThreads();
        try (SocketServer server = new SocketServer(config(transport, ServerKind.TCP, Concurrency.THREADS))) {
            for (int n = 0; n < 10; n++) {
                try (Socket s = Matrix.provider(transport).createConnection(server.address(), Duration.ofSeconds(10))) {
                    server.handleRequest();
                }
            }
        }
        assertThat(requestThreads()).isLessThanOrEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("handle_request honours timeout and calls handle_timeout")
    void handleRequestTimeout(Transport transport) throws Exception {
        AtomicInteger timeouts = new AtomicInteger();
        try (SocketServer server = new SocketServer(config(transport, ServerKind.TCP, Concurrency.SERIAL)
                .withTimeout(Duration.ofMillis(30))) {
            @Override
            protected void handleTimeout() {
                timeouts.incrementAndGet();
            }
        }) {
            long start = System.nanoTime();
            server.handleRequest();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(25));
            assertThat(timeouts.get()).isEqualTo(1);
        }
    }

    static final class Blocking extends StreamRequestHandler {
        static volatile CountDownLatch entered;
        static final AtomicInteger ACTIVE = new AtomicInteger();
        static final AtomicInteger MOST = new AtomicInteger();

        @Override
        protected void handle() throws IOException {
            MOST.accumulateAndGet(ACTIVE.incrementAndGet(), Math::max);
            try {
                entered.countDown();
                wfile.write(readLine());
            } finally {
                ACTIVE.decrementAndGet();
            }
        }
    }

    @ParameterizedTest(name = "{0} blockOnClose={1}")
    @MethodSource("closeCases")
    @DisplayName("close with a request in flight: block_on_close waits for it; without, its connection is closed and no thread survives")
    void closeWithRequestInFlight(Transport transport, boolean blockOnClose) throws Exception {
        long before = requestThreads();
        Blocking.entered = new CountDownLatch(1);
        ServerConfig config = config(transport, ServerKind.TCP, Concurrency.THREADS);
        RecordingServer server = new RecordingServer(ServerConfig.tcp(config.address(), Blocking::new)
                .withConcurrency(Concurrency.THREADS).withBlockOnClose(blockOnClose).withProvider(config.provider()));
        CompletableFuture<Void> loop = serve(server);
        Socket client = track(Matrix.provider(transport).createConnection(server.address(), Duration.ofSeconds(10)));
        assertThat(Blocking.entered.await(10, TimeUnit.SECONDS)).isTrue();
        server.shutdown();
        loop.get(10, TimeUnit.SECONDS);
        if (blockOnClose) {
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close, serving);
            client.sendAll(TEST_STR);
            assertThat(client.recv(100)).isEqualTo(TEST_STR);
            closing.get(10, TimeUnit.SECONDS);
        } else {
            server.close();
            assertThat(client.recv(100)).as("the in-flight request was closed").isEmpty();
            assertThat(server.errors).hasSize(1);
        }
        assertThat(requestThreads()).isLessThanOrEqualTo(before);
    }

    static Stream<Arguments> closeCases() {
        return Matrix.transports().flatMap(t -> Stream.of(true, false).map(b -> Arguments.of(t, b)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("a bounded pool runs at most its threads at once; the others wait, none is lost")
    void boundedPool(Transport transport) throws Exception {
        Blocking.entered = new CountDownLatch(1);
        Blocking.MOST.set(0);
        ServerConfig config = config(transport, ServerKind.TCP, Concurrency.boundedPool(1, 1));
        RecordingServer server = new RecordingServer(ServerConfig.tcp(config.address(), Blocking::new)
                .withConcurrency(Concurrency.boundedPool(1, 1)).withProvider(config.provider()));
        CompletableFuture<Void> loop = serve(server);
        Socket[] clients = new Socket[4];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = track(Matrix.provider(transport).createConnection(server.address(), Duration.ofSeconds(10)));
        }
        for (Socket client : clients) {
            client.sendAll(TEST_STR);
        }
        for (Socket client : clients) {
            assertThat(client.recv(100)).isEqualTo(TEST_STR);
        }
        server.shutdown();
        loop.get(10, TimeUnit.SECONDS);
        server.close();
        assertThat(Blocking.MOST.get()).isEqualTo(1);
        assertThat(server.errors).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("shutdown while the serving thread waits for pool room: the wait ends at once, the waiting request is shut down")
    void shutdownWhileWaitingForPoolRoom(Transport transport) throws Exception {
        Blocking.entered = new CountDownLatch(1);
        CountDownLatch secondTaken = new CountDownLatch(2);
        ServerConfig config = config(transport, ServerKind.TCP, Concurrency.boundedPool(1, 0));
        RecordingServer server = new RecordingServer(ServerConfig.tcp(config.address(), Blocking::new)
                .withConcurrency(Concurrency.boundedPool(1, 0)).withProvider(config.provider())) {
            @Override
            protected void processRequest(Object request, SocketAddress clientAddress) throws Exception {
                secondTaken.countDown();
                super.processRequest(request, clientAddress);
            }
        };
        CompletableFuture<Void> loop = serve(server);
        // The first client holds the pool's one thread: its handler waits for a line.
        Socket first = track(Matrix.provider(transport).createConnection(server.address(), Duration.ofSeconds(10)));
        assertThat(Blocking.entered.await(10, TimeUnit.SECONDS)).isTrue();
        // The second is accepted; the serving thread then waits for room that never comes.
        Socket second = track(Matrix.provider(transport).createConnection(server.address(), Duration.ofSeconds(10)));
        assertThat(secondTaken.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture.runAsync(server::shutdown).get(10, TimeUnit.SECONDS);
        loop.get(10, TimeUnit.SECONDS);
        second.setTimeout(Duration.ofSeconds(10));
        assertThat(second.recv(100)).as("the request that found no room is shut down").isEmpty();
        first.sendAll(TEST_STR);
        assertThat(first.recv(100)).isEqualTo(TEST_STR);
        server.close();
        assertThat(server.errors).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("a datagram over max_packet_size is cut as Python cuts it, and counted")
    void maxPacketSize(Transport transport) throws Exception {
        ServerConfig config = config(transport, ServerKind.UDP, Concurrency.SERIAL).withMaxPacketSize(5);
        try (SocketServer server = new SocketServer(config); Socket client = open(transport, AddressFamily.INET, SocketType.DGRAM)) {
            client.setTimeout(Duration.ofSeconds(10));
            client.sendTo(TEST_STR, server.address());
            server.handleRequest();
            assertThat(new String(client.recv(100), StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(server.truncatedDatagrams()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("VIRTUAL_THREADS on Java 17: a clear error when the server is made")
    void virtualThreadsOn17() {
        assumeTrue(Runtime.version().feature() < 21, "this JVM has virtual threads");
        assertThatThrownBy(() -> new SocketServer(ServerConfig.tcp(new InetSocketAddress("127.0.0.1", 0), LineEcho::new)
                .withConcurrency(Concurrency.VIRTUAL_THREADS))).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Java 21");
    }
}
