package io.socketkit.netty;

import static io.socketkit.netty.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.LineBasedFrameDecoder;
import io.socketkit.AddressFamily;
import io.socketkit.Datagram;
import io.socketkit.Errno;
import io.socketkit.ShutdownHow;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.server.Connection;
import io.socketkit.server.DatagramEventHandler;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerKind;
import io.socketkit.server.SocketServer;
import io.socketkit.server.StreamEventHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Event-style servers: handlers on the event loop, on every transport and kind. */
class EventServerTest extends SocketTestSupport {
    /** Blocking tasks get their own threads: the common pool may have a single worker on 2 cores. */
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();

    @org.junit.jupiter.api.AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** The echo a Netty user writes: what arrives is written back, flushed per read batch. */
    static final class Echo implements StreamEventHandler {
        @Override
        public void onData(Connection connection, ByteBuffer data) {
            connection.write(data);
        }
    }

    static Stream<Arguments> streamKinds() {
        return Matrix.transports().flatMap(t -> Stream.of(ServerKind.TCP, ServerKind.UNIX_STREAM).map(k -> Arguments.of(t, k)));
    }

    static Stream<Arguments> datagramKinds() {
        return Matrix.transports().flatMap(t -> Stream.of(ServerKind.UDP, ServerKind.UNIX_DATAGRAM).map(k -> Arguments.of(t, k)));
    }

    private AddressFamily familyOf(ServerKind kind) {
        return kind.accepts(AddressFamily.UNIX) ? AddressFamily.UNIX : AddressFamily.INET;
    }

    private NettyProvider streamProvider(Transport transport, ServerKind kind) {
        return Matrix.provider(transport, familyOf(kind), SocketType.STREAM);
    }

    /** An event-style stream server of this kind on loopback, bound and listening. */
    private SocketServer streamServer(Transport transport, ServerKind kind,
            java.util.function.Supplier<? extends StreamEventHandler> handlers) throws IOException {
        return new SocketServer(ServerConfig.events(kind, loopback(familyOf(kind)), handlers)
                .withProvider(streamProvider(transport, kind)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("streamKinds")
    @DisplayName("an event-style echo: three clients and 4 MiB of random bytes come back whole; serveForever/shutdown/close as in Python")
    void echo(Transport transport, ServerKind kind) throws Exception {
        AddressFamily family = familyOf(kind);
        NettyProvider provider = streamProvider(transport, kind);
        SocketServer server = streamServer(transport, kind, Echo::new);
        CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
            try {
                server.serveForever(Duration.ofMillis(20));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, threads);
        assertThat(server.socket()).isNull();
        if (transport != Transport.NIO) {
            assertThat(server.fileno()).isPositive();
        }
        byte[] payload = new byte[4 << 20];
        new Random(3).nextBytes(payload);
        for (int i = 0; i < 3; i++) {
            try (Socket client = provider.createConnection(server.address(), Duration.ofSeconds(20))) {
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                    try {
                        client.sendAll(payload);
                        if (io.socketkit.netty.internal.Backend.halfClosure(transport, family)) {
                            // The server's default onInputClosed flushes the echo, then closes.
                            client.shutdown(ShutdownHow.SHUT_WR);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, threads);
                MessageDigest got = MessageDigest.getInstance("SHA-256");
                long total = 0;
                while (total < payload.length) {
                    byte[] data = client.recv(65536);
                    if (data.length == 0) {
                        break;
                    }
                    got.update(data);
                    total += data.length;
                }
                sending.get(20, TimeUnit.SECONDS);
                assertThat(total).isEqualTo(payload.length);
                assertThat(got.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload));
            }
        }
        assertThatThrownBy(server::handleRequest).isInstanceOf(UnsupportedOperationException.class);
        server.shutdown();
        loop.get(10, TimeUnit.SECONDS);
        server.close();
        assertThat(server.fileno()).isEqualTo(-1);
        Socket late = open(transport, family, SocketType.STREAM);
        assertThat(late.connectEx(server.address())).as("closed listener refuses").isIn(Errno.ECONNREFUSED.number(), Errno.ENOENT.number());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("datagramKinds")
    @DisplayName("an event-style datagram server replies to each datagram; over max_packet_size it is cut and counted")
    void datagrams(Transport transport, ServerKind kind) throws Exception {
        DatagramEventHandler upper = (replies, data, sender) -> {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            replies.sendTo(new String(bytes, StandardCharsets.US_ASCII).toUpperCase().getBytes(StandardCharsets.US_ASCII),
                    sender);
        };
        try (SocketServer server = datagramServer(transport, kind, upper, 5)) {
            Socket client = datagramClient(transport, kind);
            client.sendTo(ascii("abc"), server.address());
            Datagram reply = client.recvFrom(100);
            assertThat(text(reply.data())).isEqualTo("ABC");
            assertThat(reply.address()).isEqualTo(server.address());
            client.sendTo(ascii("hello world"), server.address());
            assertThat(text(client.recv(100))).isEqualTo("HELLO");
            assertThat(server.truncatedDatagrams()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("datagramKinds")
    @DisplayName("a datagram handler replies with the buffer it was given, whole, cut, twice, or from a later position; "
            + "the view is read-only; every reply is counted as sent")
    void datagramReplyOfTheReceivedBuffer(Transport transport, ServerKind kind) throws Exception {
        List<Boolean> readOnly = new CopyOnWriteArrayList<>();
        DatagramEventHandler echo = (replies, data, sender) -> {
            readOnly.add(data.isReadOnly());
            if (data.get(data.position()) == '2') {
                replies.sendTo(data, sender);           // the whole buffer, then a slice of all of it
            }
            if (data.get(data.position()) == '>') {
                data.position(data.position() + 1);    // the rest, from Netty's buffer at an offset
            }
            replies.sendTo(data, sender);
        };
        try (SocketServer server = datagramServer(transport, kind, echo, 8)) {
            Socket client = datagramClient(transport, kind);
            client.sendTo(ascii("whole"), server.address());
            assertThat(text(client.recv(100))).isEqualTo("whole");
            client.sendTo(ascii("cut to eight bytes"), server.address());
            assertThat(text(client.recv(100))).isEqualTo("cut to e");
            client.sendTo(ascii(">skipped"), server.address());
            assertThat(text(client.recv(100))).isEqualTo("skipped");
            client.sendTo(ascii("2 twice"), server.address());
            assertThat(text(client.recv(100))).isEqualTo("2 twice");
            assertThat(text(client.recv(100))).isEqualTo("2 twice");
            assertThat(readOnly).containsExactly(true, true, true, true);
            assertThat(server.metrics().bytesSent()).isEqualTo(5 + 8 + 7 + 2 * 7);
            assertThat(server.truncatedDatagrams()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("datagramKinds")
    @DisplayName("replies sent from another thread after the call (a copy the handler kept) go out at once, in order")
    void datagramReplyFromAnotherThread(Transport transport, ServerKind kind) throws Exception {
        DatagramEventHandler later = (replies, data, sender) -> {
            ByteBuffer kept = ByteBuffer.allocate(data.remaining()).put(data).flip();
            threads.execute(() -> {
                replies.sendTo(kept, sender);
                replies.sendTo(ascii("second"), sender);
                for (int i = 0; i < 50; i++) {
                    replies.sendTo(ascii("burst " + i), sender);
                }
            });
        };
        try (SocketServer server = datagramServer(transport, kind, later, 8192)) {
            Socket client = datagramClient(transport, kind);
            client.sendTo(ascii("first"), server.address());
            assertThat(text(client.recv(100))).isEqualTo("first");
            assertThat(text(client.recv(100))).isEqualTo("second");
            for (int i = 0; i < 50; i++) {
                assertThat(text(client.recv(100))).as("the burst, in order").isEqualTo("burst " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("datagramKinds")
    @DisplayName("a reply to an address of another family is refused at once (IllegalArgumentException); a handler "
            + "that throws is counted, and the server goes on")
    void datagramReplyToAnotherFamily(Transport transport, ServerKind kind) throws Exception {
        SocketAddress elsewhere = familyOf(kind) == AddressFamily.UNIX ? new java.net.InetSocketAddress("127.0.0.1", 9)
                : java.net.UnixDomainSocketAddress.of("/nonexistent/socketkit");
        DatagramEventHandler handler = (replies, data, sender) -> {
            if (data.get(data.position()) == '!') {
                throw new IllegalStateException("the handler failed on purpose");
            }
            try {
                replies.sendTo(data, elsewhere);
                replies.sendTo(ascii("sent elsewhere"), sender);
            } catch (IllegalArgumentException e) {
                replies.sendTo(ascii("refused: " + e.getMessage()), sender);
            }
        };
        try (SocketServer server = datagramServer(transport, kind, handler, 8192)) {
            Socket client = datagramClient(transport, kind);
            client.sendTo(ascii("x"), server.address());
            assertThat(text(client.recv(200))).startsWith("refused: cannot reply to " + elsewhere);
            client.sendTo(ascii("!"), server.address());
            client.sendTo(ascii("y"), server.address());
            assertThat(text(client.recv(200))).startsWith("refused: ");
            assertThat(server.metrics().errors()).containsKey("IllegalStateException");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("datagramKinds")
    @DisplayName("an empty datagram is echoed as an empty datagram, in order with the replies around it, from the "
            + "loop (the received buffer, a byte array) and from another thread")
    void datagramEmptyReply(Transport transport, ServerKind kind) throws Exception {
        DatagramEventHandler echo = (replies, data, sender) -> {
            if (!data.hasRemaining()) {
                replies.sendTo(data, sender);          // the received (empty) buffer itself
                replies.sendTo(new byte[0], sender);   // and a copy
                return;
            }
            if (data.get(data.position()) == '~') {
                threads.execute(() -> {
                    replies.sendTo(ascii("x"), sender);
                    replies.sendTo(ByteBuffer.allocate(0), sender);
                    replies.sendTo(ascii("y"), sender);
                });
                return;
            }
            replies.sendTo(data, sender);
        };
        try (SocketServer server = datagramServer(transport, kind, echo, 8192)) {
            Socket client = datagramClient(transport, kind);
            client.sendTo(ascii("a"), server.address());
            client.sendTo(new byte[0], server.address());
            client.sendTo(ascii("b"), server.address());
            client.sendTo(ascii("~"), server.address());
            for (String expected : new String[] {"a", "", "", "b", "x", "", "y"}) {
                Datagram reply = client.recvFrom(100);
                assertThat(text(reply.data())).isEqualTo(expected);
                assertThat(reply.address()).isEqualTo(server.address());
            }
        }
    }

    /** An event-style datagram server of that kind on that transport, cutting datagrams at {@code maxPacketSize}. */
    private SocketServer datagramServer(Transport transport, ServerKind kind, DatagramEventHandler handler, int maxPacketSize)
            throws IOException {
        AddressFamily family = familyOf(kind);
        return new SocketServer(ServerConfig.datagramEvents(kind, loopback(family), handler).withMaxPacketSize(maxPacketSize)
                .withProvider(Matrix.provider(transport, family, SocketType.DGRAM)));
    }

    /** A bound datagram socket of the kind's family, with a timeout. */
    private Socket datagramClient(Transport transport, ServerKind kind) throws IOException {
        return boundDatagram(transport, familyOf(kind));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Lines framed by a Netty codec in front of the handler. */
    static final class LineCounter implements StreamEventHandler {
        int lines;

        @Override
        public void onData(Connection connection, ByteBuffer line) {
            lines++;
            connection.write((lines + ":" + StandardCharsets.US_ASCII.decode(line) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("the Netty pipeline hook: a LineBasedFrameDecoder in front of the handler frames the bytes")
    void pipelineHook(Transport transport) throws Exception {
        NettyProvider provider = Matrix.provider(transport);
        try (SocketServer server = new SocketServer(ServerConfig.events(ServerKind.TCP, loopback(AddressFamily.INET), LineCounter::new)
                .withProvider(provider)
                .withProviderOption(NettyServerOptions.pipeline(p -> p.addLast(new LineBasedFrameDecoder(64)))))) {
            Socket client = track(provider.createConnection(server.address(), Duration.ofSeconds(10)));
            client.sendAll("a\nbb\nc".getBytes(StandardCharsets.US_ASCII));
            client.sendAll("cc\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(readUntil(client, "3:ccc\n"), StandardCharsets.US_ASCII)).isEqualTo("1:a\n2:bb\n3:ccc\n");
        }
    }

    private static byte[] readUntil(Socket client, String end) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.US_ASCII).endsWith(end)) {
            byte[] data = client.recv(100);
            assertThat(data).as("end of stream before %s", end).isNotEmpty();
            got.writeBytes(data);
        }
        return got.toByteArray();
    }

    /**
     * For each chunk read: its length (a copy), the chunk itself twice (the received buffer handed over,
     * then retained) and the chunk without its first byte (a slice at an offset).
     */
    static final class Thrice implements StreamEventHandler {
        @Override
        public void onData(Connection connection, ByteBuffer data) {
            connection.write(ByteBuffer.allocate(4).putInt(0, data.remaining()));
            connection.write(data);
            connection.write(data);
            data.position(data.position() + 1);
            connection.write(data);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("streamKinds")
    @DisplayName("writing the received view whole twice and then in part: every chunk comes back so, in order, no leak")
    void receivedBufferWrittenTwiceAndSliced(Transport transport, ServerKind kind) throws Exception {
        NettyProvider provider = streamProvider(transport, kind);
        byte[] payload = new byte[256 * 1024];
        new Random(5).nextBytes(payload);
        try (SocketServer server = streamServer(transport, kind, Thrice::new);
                Socket client = provider.createConnection(server.address(), Duration.ofSeconds(20))) {
            CompletableFuture<Void> sending = sendAllAsync(client, payload, threads);
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            while (chunks.size() < payload.length) {
                int length = ByteBuffer.wrap(recvExactly(client, 4)).getInt();
                byte[] chunk = recvExactly(client, length);
                assertThat(java.util.Arrays.equals(recvExactly(client, length), chunk))
                        .as("the same %d bytes, written again", length).isTrue();
                assertThat(java.util.Arrays.equals(recvExactly(client, length - 1), java.util.Arrays.copyOfRange(chunk, 1, length)))
                        .as("the slice from the second byte of %d", length).isTrue();
                chunks.writeBytes(chunk);
            }
            sending.get(20, TimeUnit.SECONDS);
            assertThat(java.util.Arrays.equals(chunks.toByteArray(), payload)).as("the chunks make the payload").isTrue();
        }
    }

    /**
     * Writes numbered lines to one connection from three threads of its own, at least {@link #MIN_LINES}
     * each and on until the event loop has written {@code loopLines} (a line per byte received), flushing
     * now and then; when all are done,
     * closes it from yet another thread. Each of the loop's lines says how many lines each thread
     * had written by then: those must have arrived before it.
     */
    static final class Chorus implements StreamEventHandler {
        static final int WRITERS = 3;
        /** The least lines a thread writes; past them it stops once the loop has written all of its own. */
        static final int MIN_LINES = 1_000;
        /** The most lines a thread writes. */
        static final int MAX_LINES = 20_000;
        final int loopLines;
        final java.util.concurrent.ExecutorService threads;
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(WRITERS + 1);
        final java.util.concurrent.atomic.AtomicIntegerArray written = new java.util.concurrent.atomic.AtomicIntegerArray(WRITERS);
        volatile int received;
        /** Signalled when the connection becomes writable again, or closes: the writers' backpressure. */
        final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        final java.util.concurrent.locks.Condition changed = lock.newCondition();

        Chorus(int loopLines, java.util.concurrent.ExecutorService threads) {
            this.loopLines = loopLines;
            this.threads = threads;
        }

        @Override
        public void onOpen(Connection connection) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                threads.execute(() -> {
                    for (int i = 0; i < MAX_LINES && (i < MIN_LINES || received < loopLines); i++) {
                        awaitWritable(connection);
                        connection.write(("t" + writer + " " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                        written.incrementAndGet(writer);
                        if (i % 7 == 0) {
                            connection.flush();
                        }
                    }
                    connection.flush();
                    done.countDown();
                });
            }
            threads.execute(() -> {
                try {
                    if (done.await(20, TimeUnit.SECONDS)) {
                        connection.close();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        /**
         * Backpressure, as a writer on another thread applies it (the client reads slower): waits while the
         * connection is not writable, woken by {@link #onWritabilityChanged} or {@link #onClose}.
         */
        void awaitWritable(Connection connection) {
            lock.lock();
            try {
                while (!connection.isWritable() && connection.isOpen()) {
                    if (!changed.await(20, TimeUnit.SECONDS)) {
                        throw new AssertionError("not writable again within 20 s: " + connection.pendingOutputBytes());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }

        private void signal() {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void onWritabilityChanged(Connection connection) {
            signal();
        }

        @Override
        public void onClose(Connection connection) {
            signal();
        }

        @Override
        public void onData(Connection connection, ByteBuffer data) {
            while (data.hasRemaining()) {
                data.get();
                // The loop alone writes received; the writers only read it.
                StringBuilder line = new StringBuilder("loop ").append(received++);
                for (int w = 0; w < WRITERS; w++) {
                    line.append(' ').append(written.get(w));
                }
                connection.write(line.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
            }
            connection.flush();
            if (received == loopLines) {
                done.countDown();
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("streamKinds")
    @DisplayName("writes from other threads and from the loop: in the order they were made, the close after all")
    void writesFromManyThreadsKeepEachWritersOrder(Transport transport, ServerKind kind) throws Exception {
        NettyProvider provider = streamProvider(transport, kind);
        int loopLines = 200;
        java.util.concurrent.atomic.AtomicReference<Chorus> chorus = new java.util.concurrent.atomic.AtomicReference<>();
        try (SocketServer server = streamServer(transport, kind, () -> {
            chorus.set(new Chorus(loopLines, threads));
            return chorus.get();
        });
                Socket client = provider.createConnection(server.address(), Duration.ofSeconds(20))) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < loopLines; i++) {
                        client.sendAll(new byte[1]);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, threads);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] data = client.recv(65536); data.length > 0; data = client.recv(65536)) {
                all.writeBytes(data);
            }
            sending.get(20, TimeUnit.SECONDS);
            java.util.Map<String, Integer> next = new java.util.HashMap<>();
            for (String line : all.toString(StandardCharsets.US_ASCII).split("\n")) {
                String[] words = line.split(" ");
                int expected = next.getOrDefault(words[0], 0);
                assertThat(Integer.parseInt(words[1])).as("%s's next line", words[0]).isEqualTo(expected);
                next.put(words[0], expected + 1);
                for (int w = 2; w < words.length; w++) {
                    assertThat(next.getOrDefault("t" + (w - 2), 0)).as("t%d's lines written before %s", w - 2, line)
                            .isGreaterThanOrEqualTo(Integer.parseInt(words[w]));
                }
            }
            assertThat(next).containsEntry("loop", loopLines);
            for (int w = 0; w < Chorus.WRITERS; w++) {
                assertThat(next.getOrDefault("t" + w, 0)).as("t%d's lines", w).isEqualTo(chorus.get().written.get(w))
                        .isGreaterThanOrEqualTo(Chorus.MIN_LINES);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("streamKinds")
    @DisplayName("writes from another thread after the server closed: nothing thrown, nothing leaked")
    void writeAfterServerClosed(Transport transport, ServerKind kind) throws Exception {
        NettyProvider provider = streamProvider(transport, kind);
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        StreamEventHandler keeper = new StreamEventHandler() {
            @Override
            public void onOpen(Connection connection) {
                opened.complete(connection);
            }

            @Override
            public void onData(Connection connection, ByteBuffer data) {
            }
        };
        Connection connection;
        try (SocketServer server = streamServer(transport, kind, () -> keeper);
                Socket client = provider.createConnection(server.address(), Duration.ofSeconds(20))) {
            connection = opened.get(20, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 100; i++) {
            connection.write(new byte[1000]);
            connection.flush();
        }
        connection.close();
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.pendingOutputBytes()).as("nothing held for a closed server").isZero();
    }

    /** Fails on "boom", echoes otherwise; records what onError saw. */
    static final class Touchy implements StreamEventHandler {
        static final List<Throwable> ERRORS = new CopyOnWriteArrayList<>();

        @Override
        public void onData(Connection connection, ByteBuffer data) {
            if (StandardCharsets.US_ASCII.decode(data.duplicate()).toString().contains("boom")) {
                throw new IllegalStateException("boom");
            }
            connection.write(data);
        }

        @Override
        public void onError(Connection connection, Throwable error) {
            ERRORS.add(error);
            connection.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("a handler that throws: onError, that connection closes, every other connection goes on")
    void handlerThrows(Transport transport) throws Exception {
        Touchy.ERRORS.clear();
        NettyProvider provider = Matrix.provider(transport);
        try (SocketServer server = new SocketServer(ServerConfig.events(ServerKind.TCP, loopback(AddressFamily.INET), Touchy::new)
                .withProvider(provider))) {
            Socket good = track(provider.createConnection(server.address(), Duration.ofSeconds(10)));
            Socket bad = track(provider.createConnection(server.address(), Duration.ofSeconds(10)));
            bad.sendAll("boom".getBytes(StandardCharsets.US_ASCII));
            assertThat(bad.recv(10)).isEmpty();
            good.sendAll("fine".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(readUntil(good, "fine"), StandardCharsets.US_ASCII)).isEqualTo("fine");
            assertThat(Touchy.ERRORS).singleElement().satisfies(e -> assertThat(e).hasMessage("boom"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("reuse-port workers: several listeners on one port on epoll and io_uring; a clear refusal elsewhere")
    void reusePortWorkers(Transport transport) throws Exception {
        NettyProvider provider = Matrix.provider(transport);
        ServerConfig config = ServerConfig.events(ServerKind.TCP, loopback(AddressFamily.INET), Echo::new)
                .withProvider(provider).withProviderOption(NettyServerOptions.reusePortWorkers(2));
        if (transport == Transport.NIO) {
            assertErrno(() -> new SocketServer(config), Errno.EOPNOTSUPP).hasMessageContaining("EPOLL");
            return;
        }
        try (SocketServer server = new SocketServer(config)) {
            for (int i = 0; i < 8; i++) {
                try (Socket client = provider.createConnection(server.address(), Duration.ofSeconds(10))) {
                    client.sendAll("ping".getBytes(StandardCharsets.US_ASCII));
                    assertThat(new String(readUntil(client, "ping"), StandardCharsets.US_ASCII)).isEqualTo("ping");
                }
            }
        }
    }

    @Test
    @DisplayName("reuse-port workers: fewer than one is refused however the option is made (it would bind no listener)")
    void reusePortWorkersCounted() {
        assertThatThrownBy(() -> NettyServerOptions.reusePortWorkers(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workers < 1: 0");
        assertThatThrownBy(() -> new NettyServerOptions.ReusePortWorkers(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workers < 1: 0");
        assertThatThrownBy(() -> new NettyServerOptions.Pipeline(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("binding an address in use: EADDRINUSE, as for request handlers")
    void addressInUse(Transport transport) throws Exception {
        NettyProvider provider = Matrix.provider(transport);
        try (SocketServer first = new SocketServer(ServerConfig.events(ServerKind.TCP, loopback(AddressFamily.INET), Echo::new)
                .withProvider(provider))) {
            SocketAddress taken = first.address();
            assertErrno(() -> new SocketServer(ServerConfig.events(ServerKind.TCP, taken, Echo::new).withProvider(provider)),
                    Errno.EADDRINUSE).isInstanceOf(java.net.BindException.class);
        }
    }

}
