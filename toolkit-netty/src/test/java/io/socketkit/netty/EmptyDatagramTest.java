package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.AddressFamily;
import io.socketkit.Datagram;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.netty.internal.Backend;
import io.socketkit.server.Concurrency;
import io.socketkit.server.DatagramRequestHandler;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerKind;
import io.socketkit.server.SocketServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Empty datagrams, as Python sends and receives them: {@code sendto(b"", addr)} sends a zero-length
 * packet and the peer's {@code recvfrom} returns {@code (b"", addr)}; on every transport × datagram family.
 */
class EmptyDatagramTest extends SocketTestSupport {
    private static final byte[] EMPTY = new byte[0];
    private final ExecutorService serving = Executors.newCachedThreadPool();

    @AfterEach
    void stopServing() throws InterruptedException {
        serving.shutdownNow();
        assertThat(serving.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Receives one datagram (10 s at most) and checks it is {@code expected} from {@code sender}. */
    private static void expect(Socket receiver, byte[] expected, SocketAddress sender) throws IOException {
        Datagram got = receiver.recvFrom(1024);
        assertThat(new String(got.data(), StandardCharsets.US_ASCII)).isEqualTo(new String(expected, StandardCharsets.US_ASCII));
        assertThat(got.address()).isEqualTo(sender);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#datagrams")
    @DisplayName("sendTo(b'') in blocking, timeout and non-blocking mode: each arrives as (b'', sender)")
    void sendToEmpty(Transport transport, AddressFamily family) throws Exception {
        Socket server = boundDatagram(transport, family);
        Socket client = boundDatagram(transport, family);
        assertThat(client.sendTo(EMPTY, server.getSockName())).isZero();
        expect(server, EMPTY, client.getSockName());
        client.setTimeout(Duration.ofSeconds(5));
        assertThat(client.sendTo(EMPTY, server.getSockName())).isZero();
        expect(server, EMPTY, client.getSockName());
        client.setBlocking(false);
        assertThat(client.sendTo(EMPTY, server.getSockName())).isZero();
        expect(server, EMPTY, client.getSockName());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#datagrams")
    @DisplayName("send(b'') on a connected datagram socket reaches its peer as (b'', sender)")
    void connectedSendEmpty(Transport transport, AddressFamily family) throws Exception {
        Socket server = boundDatagram(transport, family);
        Socket client = boundDatagram(transport, family);
        assumeTrue(Backend.sendsEmptyWhenConnected(transport),
                () -> transport + ": the JDK's connected DatagramChannel writes nothing for an empty buffer");
        client.connect(server.getSockName());
        assertThat(client.send(EMPTY)).isZero();
        expect(server, EMPTY, client.getSockName());
        client.setBlocking(false);
        assertThat(client.send(EMPTY)).isZero();
        expect(server, EMPTY, client.getSockName());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#datagrams")
    @DisplayName("non-empty, empty, non-empty arrive in that order, blocking and non-blocking (sends still queued)")
    void order(Transport transport, AddressFamily family) throws Exception {
        Socket server = boundDatagram(transport, family);
        Socket client = boundDatagram(transport, family);
        // A connected sender too where it sends empty datagrams (not NIO: see connectedSendEmpty).
        Socket connected = Backend.sendsEmptyWhenConnected(transport) ? boundDatagram(transport, family) : null;
        if (connected != null) {
            connected.connect(server.getSockName());
        }
        for (boolean blocking : new boolean[] {true, false}) {
            client.setBlocking(blocking);
            if (connected != null) {
                connected.setBlocking(blocking);
            }
            // Received round by round: a Unix receiver's queue holds 10 datagrams (net.unix.max_dgram_qlen).
            for (int i = 0; i < 20; i++) {
                client.sendTo(ascii("a" + i), server.getSockName());
                client.sendTo(EMPTY, server.getSockName());
                client.sendTo(ascii("b" + i), server.getSockName());
                List<String> expectClient = List.of("a" + i, "", "b" + i);
                List<String> expectConnected = List.of();
                if (connected != null) {
                    connected.send(ascii("c" + i));
                    connected.send(EMPTY);
                    connected.send(ascii("d" + i));
                    expectConnected = List.of("c" + i, "", "d" + i);
                }
                // Each sender's datagrams in its own order; the two senders interleave as they will.
                List<String> fromClient = new ArrayList<>();
                List<String> fromConnected = new ArrayList<>();
                for (int n = 0; n < expectClient.size() + expectConnected.size(); n++) {
                    Datagram got = server.recvFrom(1024);
                    String text = new String(got.data(), StandardCharsets.US_ASCII);
                    (got.address().equals(client.getSockName()) ? fromClient : fromConnected).add(text);
                }
                assertThat(fromClient).as("blocking %s", blocking).isEqualTo(expectClient);
                assertThat(fromConnected).as("blocking %s", blocking).isEqualTo(expectConnected);
            }
        }
    }

    /** A JDK channel on loopback (the JDK has no Unix datagram channel: the test skips UNIX visibly). */
    private static DatagramChannel jdkChannel(AddressFamily family) throws IOException {
        assumeTrue(family != AddressFamily.UNIX, "the JDK has no Unix datagram channel");
        assumeTrue(family != AddressFamily.INET6 || Matrix.hasIpv6Loopback(), "this machine has no ::1");
        DatagramChannel jdk = DatagramChannel.open(family == AddressFamily.INET6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        jdk.bind(new InetSocketAddress(family == AddressFamily.INET6 ? "::1" : "127.0.0.1", 0));
        return jdk;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#datagrams")
    @DisplayName("the receive side alone: empty datagrams from a raw JDK sender arrive in order")
    void receivesEmptyFromJdk(Transport transport, AddressFamily family) throws Exception {
        Socket server = boundDatagram(transport, family);
        try (DatagramChannel jdk = jdkChannel(family)) {
            jdk.send(ByteBuffer.wrap(ascii("one")), server.getSockName());
            jdk.send(ByteBuffer.allocate(0), server.getSockName());
            jdk.send(ByteBuffer.wrap(ascii("two")), server.getSockName());
            expect(server, ascii("one"), jdk.getLocalAddress());
            expect(server, EMPTY, jdk.getLocalAddress());
            expect(server, ascii("two"), jdk.getLocalAddress());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#datagrams")
    @DisplayName("the send side alone: a raw JDK receiver gets the empty datagram, in order")
    void sendsEmptyToJdk(Transport transport, AddressFamily family) throws Exception {
        Socket client = boundDatagram(transport, family);
        try (DatagramChannel jdk = jdkChannel(family)) {
            client.sendTo(ascii("one"), jdk.getLocalAddress());
            client.sendTo(EMPTY, jdk.getLocalAddress());
            client.sendTo(ascii("two"), jdk.getLocalAddress());
            jdk.configureBlocking(false);
            try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
                jdk.register(selector, java.nio.channels.SelectionKey.OP_READ);
                for (String expected : new String[] {"one", "", "two"}) {
                    ByteBuffer got = ByteBuffer.allocate(100);
                    SocketAddress from = jdk.receive(got);
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (from == null && System.nanoTime() < end) {
                        selector.select(1000);
                        selector.selectedKeys().clear();
                        from = jdk.receive(got);
                    }
                    assertThat(from).as("a datagram within 10 s").isEqualTo(client.getSockName());
                    assertThat(new String(got.array(), 0, got.position(), StandardCharsets.US_ASCII)).isEqualTo(expected);
                }
            }
        }
    }

    /** Writes nothing to wfile: Python's finish still sends the (empty) reply. */
    static final class Silent extends DatagramRequestHandler {
        @Override
        protected void handle() {
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.EventServerTest#datagramKinds")
    @DisplayName("a DatagramRequestHandler that writes nothing to wfile replies with an empty datagram")
    void requestHandlerEmptyReply(Transport transport, ServerKind kind) throws Exception {
        AddressFamily family = kind == ServerKind.UNIX_DATAGRAM ? AddressFamily.UNIX : AddressFamily.INET;
        SocketServer server = new SocketServer(ServerConfig.of(kind, loopback(family), Silent::new)
                .withConcurrency(Concurrency.SERIAL).withProvider(Matrix.provider(transport, family, SocketType.DGRAM)));
        try {
            CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
                try {
                    server.serveForever(Duration.ofMillis(10));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, serving);
            Socket client = boundDatagram(transport, family);
            client.sendTo(ascii("anything"), server.address());
            expect(client, EMPTY, server.address());
            client.sendTo(ascii("again"), server.address());
            expect(client, EMPTY, server.address());
            server.shutdown();
            loop.get(10, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }
}
