package io.socketkit.netty;

import static io.socketkit.netty.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.socketkit.AddressFamily;
import io.socketkit.BlockingIOError;
import io.socketkit.BrokenPipeError;
import io.socketkit.ConnectionRefusedError;
import io.socketkit.Datagram;
import io.socketkit.Errno;
import io.socketkit.ShutdownHow;
import io.socketkit.Socket;
import io.socketkit.SocketError;
import io.socketkit.SocketOption;
import io.socketkit.SocketType;
import io.socketkit.TimeoutError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Stream sockets on every transport and family: CPython's test_socket.py cases, and ours. */
class StreamSocketTest extends SocketTestSupport {
    private static final byte[] MSG = "Michael Gilfix was here\u1234\r\n".getBytes(StandardCharsets.UTF_8);
    private final ExecutorService peers = Executors.newCachedThreadPool();

    @AfterEach
    void stopPeers() throws InterruptedException {
        peers.shutdownNow();
        assertThat(peers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private <T> CompletableFuture<T> peer(IoCall<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, peers);
    }

    interface IoCall<T> {
        T run() throws IOException;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("BasicTCPTest.testRecv: sendall then recv gets the bytes")
    void testRecv(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[0].sendAll(MSG);
        assertThat(recvExactly(pair[1], MSG.length)).isEqualTo(MSG);
        pair[1].sendAll(MSG);
        assertThat(recvExactly(pair[0], MSG.length)).isEqualTo(MSG);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("BasicTCPTest.testOverFlowRecv: recv(n) returns at most n bytes, the rest stays")
    void testOverFlowRecv(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[0].sendAll(MSG);
        byte[] first = pair[1].recv(10);
        assertThat(first).hasSizeLessThanOrEqualTo(10).isNotEmpty();
        byte[] rest = recvExactly(pair[1], MSG.length - first.length);
        assertThat(concat(first, rest)).isEqualTo(MSG);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("BasicTCPTest.testRecvFrom: recvfrom on a stream socket has no address")
    void testRecvFrom(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[0].sendAll(MSG);
        Datagram got = pair[1].recvFrom(MSG.length);
        assertThat(got.address()).isNull();
        assertThat(concat(got.data(), recvExactly(pair[1], MSG.length - got.data().length))).isEqualTo(MSG);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("BasicTCPTest.testSendAll: 64 MiB of random bytes arrive whole (hash checked)")
    void testSendAll(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        int size = 64 * 1024 * 1024;
        java.util.Random random = new java.util.Random(42);
        CompletableFuture<byte[]> sent = peer(() -> {
            java.security.MessageDigest digest = sha256();
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < size / chunk.length; i++) {
                random.nextBytes(chunk);
                digest.update(chunk);
                pair[0].sendAll(chunk);
            }
            pair[0].shutdown(ShutdownHow.SHUT_WR);
            return digest.digest();
        });
        java.security.MessageDigest received = sha256();
        long total = 0;
        for (byte[] chunk = pair[1].recv(65536); chunk.length > 0; chunk = pair[1].recv(65536)) {
            received.update(chunk);
            total += chunk.length;
        }
        assertThat(total).isEqualTo(size);
        assertThat(received.digest()).isEqualTo(sent.get(60, TimeUnit.SECONDS));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("adversarial peer: one byte at a time arrives in order")
    void oneByteAtATime(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        if (family != AddressFamily.UNIX) {
            pair[0].setOption(SocketOption.TCP_NODELAY, true);
        }
        CompletableFuture<Void> sender = peer(() -> {
            for (byte b : MSG) {
                assertThat(pair[0].send(new byte[] {b})).isEqualTo(1);
            }
            pair[0].shutdown(ShutdownHow.SHUT_WR);
            return null;
        });
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (byte[] chunk = pair[1].recv(1); chunk.length > 0; chunk = pair[1].recv(1)) {
            assertThat(chunk).hasSize(1);
            got.writeBytes(chunk);
        }
        sender.get(10, TimeUnit.SECONDS);
        assertThat(got.toByteArray()).isEqualTo(MSG);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("BasicTCPTest.testShutdown: after SHUT_WR the peer reads end of stream, and can still answer")
    void testShutdown(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[0].sendAll(MSG);
        pair[0].shutdown(ShutdownHow.SHUT_WR);
        assertThat(recvExactly(pair[1], MSG.length)).isEqualTo(MSG);
        assertThat(pair[1].recv(1024)).isEmpty();
        assertThat(pair[1].recv(1024)).as("end of stream again on every later call").isEmpty();
        if (!io.socketkit.netty.internal.Backend.blockingHalfClosure(transport, family)) {
            // Documented deviation: Netty 4.2.18 closes these connections on the peer's SHUT_WR.
            assertThatThrownBy(() -> pair[1].sendAll(MSG)).isInstanceOf(BrokenPipeError.class);
            return;
        }
        pair[1].sendAll(MSG);
        assertThat(recvExactly(pair[0], MSG.length)).isEqualTo(MSG);
        assertThatThrownBy(() -> pair[0].send(MSG)).isInstanceOf(BrokenPipeError.class);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("SHUT_RD wakes a blocked recv with end of stream")
    void shutRdWakesRecv(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        CompletableFuture<byte[]> blocked = peer(() -> pair[1].recv(10));
        pair[1].shutdown(ShutdownHow.SHUT_RD);
        assertThat(blocked.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("TCPCloserTest.testClose: the peer's close is end of stream")
    void testClose(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[0].sendAll(MSG);
        pair[0].close();
        assertThat(recvExactly(pair[1], MSG.length)).as("bytes sent before close are delivered").isEqualTo(MSG);
        assertThat(pair[1].recv(1024)).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("GeneralModuleTests.test_socket_close: every call on a closed socket is EBADF, fileno -1")
    void closedSocket(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        Socket sock = pair[0];
        sock.close();
        sock.close();
        assertThat(sock.fileno()).isEqualTo(-1);
        assertThat(sock.isClosed()).isTrue();
        assertThat(sock.getTimeout()).isNull();
        for (IoCall<?> call : new IoCall<?>[] {
            () -> sock.recv(1), () -> sock.send(MSG), () -> { sock.sendAll(MSG); return null; },
            () -> sock.getSockName(), () -> sock.getPeerName(), () -> { sock.setTimeout(null); return null; },
            () -> { sock.setBlocking(false); return null; }, () -> { sock.connect(loopback(family)); return null; },
            () -> { sock.bind(loopback(family)); return null; }, () -> { sock.listen(); return null; },
            () -> { sock.shutdown(ShutdownHow.SHUT_RDWR); return null; },
            () -> { sock.setOption(SocketOption.SO_RCVBUF, 4096); return null; },
        }) {
            assertThatThrownBy(call::run).isInstanceOf(SocketError.class)
                    .satisfies(e -> assertThat(Errno.of(e)).isEqualTo(Errno.EBADF));
        }
        assertThat(sock.connectEx(loopback(family))).isEqualTo(Errno.EBADF.number());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("GeneralModuleTests.testSockName: before bind the wildcard; after, the real port")
    void testSockName(Transport transport, AddressFamily family) throws Exception {
        Socket sock = open(transport, family, SocketType.STREAM);
        SocketAddress before = sock.getSockName();
        if (family == AddressFamily.UNIX) {
            assertThat(before.toString()).isEmpty();
        } else {
            assertThat(((InetSocketAddress) before).getPort()).isZero();
            assertThat(((InetSocketAddress) before).getAddress().isAnyLocalAddress()).isTrue();
        }
        SocketAddress asked = loopback(family);
        sock.bind(asked);
        SocketAddress after = sock.getSockName();
        if (family == AddressFamily.UNIX) {
            assertThat(after).isEqualTo(asked);
        } else {
            assertThat(((InetSocketAddress) after).getPort()).isPositive();
            assertThat(((InetSocketAddress) after).getAddress()).isEqualTo(((InetSocketAddress) asked).getAddress());
        }
        assertThatThrownBy(() -> sock.bind(asked)).as("binding twice")
                .satisfies(e -> assertThat(Errno.of(e)).isEqualTo(Errno.EINVAL));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("accept's address equals the client's getsockname; the peer names match")
    void acceptAddress(Transport transport, AddressFamily family) throws Exception {
        Socket server = listener(transport, family);
        Socket client = open(transport, family, SocketType.STREAM);
        client.connect(server.getSockName());
        var accepted = server.accept();
        track(accepted.connection());
        assertThat(accepted.address()).isEqualTo(client.getSockName());
        assertThat(client.getPeerName()).isEqualTo(server.getSockName());
        assertThat(accepted.connection().getSockName()).isEqualTo(server.getSockName());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("getpeername, recv, shutdown unconnected: ENOTCONN; send unconnected: EPIPE")
    void unconnected(Transport transport, AddressFamily family) throws Exception {
        Socket sock = open(transport, family, SocketType.STREAM);
        assertErrno(sock::getPeerName, Errno.ENOTCONN);
        assertErrno(() -> sock.recv(1), Errno.ENOTCONN);
        assertErrno(() -> sock.shutdown(ShutdownHow.SHUT_RDWR), Errno.ENOTCONN);
        assertThatThrownBy(() -> sock.send(MSG)).isInstanceOf(BrokenPipeError.class);
        assertThatThrownBy(sock::accept).satisfies(e -> assertThat(Errno.of(e)).isEqualTo(Errno.EINVAL));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("NetworkConnectionNoServer.test_connect: a closed port refuses (ECONNREFUSED, connect_ex 111)")
    void connectRefused(Transport transport, AddressFamily family) throws Exception {
        SocketAddress nobody;
        if (family == AddressFamily.UNIX) {
            Socket bound = open(transport, family, SocketType.STREAM);
            bound.bind(loopback(family));
            nobody = bound.getSockName();
            Socket stale = open(transport, family, SocketType.STREAM);
            // A socket file nobody listens on: Python gets ECONNREFUSED.
            assertThatThrownBy(() -> stale.connect(nobody)).isInstanceOf(ConnectionRefusedError.class);
        } else {
            Socket bound = open(transport, family, SocketType.STREAM);
            bound.bind(loopback(family));
            nobody = bound.getSockName();
        }
        Socket sock = open(transport, family, SocketType.STREAM);
        assertThatThrownBy(() -> sock.connect(nobody)).isInstanceOf(ConnectionRefusedError.class)
                .isInstanceOf(java.net.ConnectException.class)
                .satisfies(e -> assertThat(Errno.of(e)).isEqualTo(Errno.ECONNREFUSED));
        assertThat(sock.connectEx(nobody)).isEqualTo(111);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("connect twice: EISCONN; connect_ex says 106")
    void connectTwice(Transport transport, AddressFamily family) throws Exception {
        Socket server = listener(transport, family);
        Socket client = open(transport, family, SocketType.STREAM);
        assertThat(client.connectEx(server.getSockName())).isZero();
        assertErrno(() -> client.connect(server.getSockName()), Errno.EISCONN);
        assertThat(client.connectEx(server.getSockName())).isEqualTo(106);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("binding an address in use: EADDRINUSE as a BindException")
    void addressInUse(Transport transport, AddressFamily family) throws Exception {
        Socket server = listener(transport, family);
        Socket other = open(transport, family, SocketType.STREAM);
        assertThatThrownBy(() -> other.bind(server.getSockName()))
                .isInstanceOf(java.net.BindException.class)
                .satisfies(e -> assertThat(Errno.of(e)).isEqualTo(Errno.EADDRINUSE));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("NonBlockingTCPTests.testAccept: non-blocking accept is EAGAIN until a client comes")
    void nonBlockingAccept(Transport transport, AddressFamily family) throws Exception {
        Socket server = listener(transport, family);
        server.setBlocking(false);
        assertThat(server.getBlocking()).isFalse();
        assertThat(server.getTimeout()).isEqualTo(Duration.ZERO);
        BlockingIOError error = assertThrows(BlockingIOError.class, server::accept);
        assertThat(error.errno()).isEqualTo(Errno.EAGAIN);
        Socket client = open(transport, family, SocketType.STREAM);
        client.connect(server.getSockName());
        try (io.socketkit.Selector selector = Matrix.provider(transport).selector()) {
            selector.register(server, java.util.Set.of(io.socketkit.SelectorEvent.READ), "listener");
            assertThat(selector.select(Duration.ofSeconds(10))).hasSize(1);
        }
        Socket conn = track(server.accept().connection());
        assertThat(conn.getTimeout()).as("an accepted socket is blocking, whatever the listener").isNull();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("NonBlockingTCPTests.testRecv: non-blocking recv is EAGAIN until data comes")
    void nonBlockingRecv(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[1].setBlocking(false);
        assertThatThrownBy(() -> pair[1].recv(1024)).isInstanceOf(BlockingIOError.class)
                .satisfies(e -> assertThat(Errno.of(e)).isEqualTo(Errno.EAGAIN));
        pair[0].sendAll(MSG);
        try (io.socketkit.Selector selector = Matrix.provider(transport).selector()) {
            selector.register(pair[1], java.util.Set.of(io.socketkit.SelectorEvent.READ), null);
            assertThat(selector.select(Duration.ofSeconds(10))).singleElement()
                    .satisfies(s -> assertThat(s.events()).containsExactly(io.socketkit.SelectorEvent.READ));
        }
        assertThat(pair[1].recv(1024)).isNotEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("timeout mode: recv and accept raise socket.timeout after the timeout")
    void timeouts(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[1].setTimeout(Duration.ofMillis(50));
        assertThat(pair[1].getBlocking()).isTrue();
        long start = System.nanoTime();
        TimeoutError error = assertThrows(TimeoutError.class, () -> pair[1].recv(1));
        assertThat(error).isInstanceOf(SocketTimeoutException.class);
        assertThat(error.errno()).isNull();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45));
        Socket server = listener(transport, family);
        server.setTimeout(Duration.ofMillis(20));
        assertThrows(TimeoutError.class, server::accept);
        assertThatThrownBy(() -> pair[0].setTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("a sender whose peer does not read gets EAGAIN (non-blocking) or a timeout: bounded, never a hang")
    void backpressure(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[0].setBlocking(false);
        byte[] chunk = new byte[64 * 1024];
        long sent = 0;
        while (true) {
            try {
                sent += pair[0].send(chunk);
            } catch (BlockingIOError e) {
                break;
            }
            assertThat(sent).as("bytes taken without a reader").isLessThan(64L * 1024 * 1024);
        }
        pair[0].setTimeout(Duration.ofMillis(100));
        while (true) {
            try {
                pair[0].sendAll(chunk);
                sent += chunk.length;
            } catch (TimeoutError e) {
                break;
            }
            assertThat(sent).as("bytes taken without a reader").isLessThan(64L * 1024 * 1024);
        }
        assertThat(sent).isPositive();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("recv(0) is empty at once; negative sizes are argument errors")
    void recvArguments(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        assertThat(pair[1].recv(0)).isEmpty();
        assertThatThrownBy(() -> pair[1].recv(-1)).isInstanceOf(IllegalArgumentException.class);
        pair[0].sendAll(MSG);
        ByteBuffer into = ByteBuffer.allocate(MSG.length);
        while (into.hasRemaining()) {
            assertThat(pair[1].recvInto(into)).isPositive();
        }
        assertThat(into.array()).isEqualTo(MSG);
        ByteBuffer out = ByteBuffer.wrap(MSG);
        while (out.hasRemaining()) {
            pair[0].send(out);
        }
        assertThat(recvExactly(pair[1], MSG.length)).isEqualTo(MSG);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("FileObjectClassTestCase: makefile streams read and write; a read after a timeout fails")
    void makefile(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        OutputStream out = pair[0].outputStream();
        out.write(MSG);
        out.flush();
        InputStream in = pair[1].inputStream();
        byte[] got = in.readNBytes(MSG.length);
        assertThat(got).isEqualTo(MSG);
        pair[1].setTimeout(Duration.ofMillis(20));
        assertThrows(SocketTimeoutException.class, in::read);
        pair[0].sendAll(MSG);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("timed out");
        pair[0].shutdown(ShutdownHow.SHUT_WR);
        // A new stream reads on; 20 ms was too short for the bytes and the EOF on a loaded machine.
        pair[1].setTimeout(Duration.ofSeconds(10));
        assertThat(pair[1].inputStream().readAllBytes()).isEqualTo(MSG);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("SHUT_RDWR on a listener wakes a blocked accept with EINVAL")
    void shutdownListenerWakesAccept(Transport transport, AddressFamily family) throws Exception {
        Socket server = listener(transport, family);
        CompletableFuture<Object> blocked = peer(server::accept);
        server.shutdown(ShutdownHow.SHUT_RDWR);
        assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(java.io.UncheckedIOException.class)
                .satisfies(e -> assertThat(Errno.of(e.getCause().getCause())).isEqualTo(Errno.EINVAL));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("a closed socket wakes its blocked recv with EBADF")
    void closeWakesRecv(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        CompletableFuture<byte[]> blocked = peer(() -> pair[1].recv(10));
        pair[1].close();
        assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(Errno.of(e.getCause().getCause())).isEqualTo(Errno.EBADF));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#inet")
    @DisplayName("a reset peer: recv raises ECONNRESET once, then end of stream")
    void reset(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[0].setOption(SocketOption.SO_LINGER, 0);
        pair[0].close();
        assertThatThrownBy(() -> pair[1].recv(10)).isInstanceOf(io.socketkit.ConnectionResetError.class)
                .satisfies(e -> assertThat(Errno.of(e)).isEqualTo(Errno.ECONNRESET));
        assertThat(pair[1].recv(10)).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("sending to a peer that closed: EPIPE or ECONNRESET within a bounded number of sends, never a hang")
    void sendAfterPeerClosed(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[1].close();
        pair[0].setTimeout(Duration.ofSeconds(10));
        // The peer's descriptor is gone once its FIN is here: NIO closes it on the event loop's next
        // select (the JDK defers closing a channel a selector holds), a moment after close returns.
        assertThat(pair[0].recv(10)).isEmpty();
        IOException failure = null;
        for (int i = 0; i < 1000 && failure == null; i++) {
            try {
                pair[0].send(MSG);
            } catch (IOException e) {
                failure = e;
            }
        }
        assertThat(failure).as("a send failed").isNotNull();
        assertThat(Errno.of(failure)).isIn(Errno.EPIPE, Errno.ECONNRESET);
        assertThatThrownBy(() -> pair[0].send(MSG)).satisfies(e -> assertThat(Errno.of(e)).isIn(Errno.EPIPE, Errno.ECONNRESET));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("non-blocking connect: EINPROGRESS, then WRITE readiness, then EISCONN")
    void nonBlockingConnect(Transport transport, AddressFamily family) throws Exception {
        Socket server = listener(transport, family);
        Socket client = open(transport, family, SocketType.STREAM);
        client.setBlocking(false);
        int first = client.connectEx(server.getSockName());
        assertThat(first).isIn(0, Errno.EINPROGRESS.number());
        try (io.socketkit.Selector selector = Matrix.provider(transport).selector()) {
            selector.register(client, java.util.Set.of(io.socketkit.SelectorEvent.WRITE), null);
            assertThat(selector.select(Duration.ofSeconds(10))).hasSize(1);
        }
        assertThat(client.connectEx(server.getSockName())).isEqualTo(Errno.EISCONN.number());
        client.sendAll(MSG);
        Socket conn = track(server.accept().connection());
        assertThat(recvExactly(conn, MSG.length)).isEqualTo(MSG);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
