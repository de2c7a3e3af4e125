package io.socketkit.netty;

import static io.socketkit.netty.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.socketkit.AddressFamily;
import io.socketkit.BlockingIOError;
import io.socketkit.Datagram;
import io.socketkit.Errno;
import io.socketkit.Selected;
import io.socketkit.SelectorEvent;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.TimeoutError;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Datagram sockets (UDP, Unix datagram) on every transport that has them: test_socket.py's cases and ours. */
class DatagramSocketTest extends SocketTestSupport {
    private static final byte[] MSG = "Michael Gilfix was here\u1234\r\n".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#datagrams")
    @DisplayName("BasicUDPTest.testSendtoAndRecv / testRecvFrom: one datagram, its sender")
    void testSendtoAndRecv(Transport transport, AddressFamily family) throws Exception {
        Socket server = boundDatagram(transport, family);
        Socket client = boundDatagram(transport, family);
        assertThat(client.sendTo(MSG, server.getSockName())).isEqualTo(MSG.length);
        Datagram got = server.recvFrom(1024);
        assertThat(got.data()).isEqualTo(MSG);
        assertThat(got.address()).isEqualTo(client.getSockName());
        server.sendTo(MSG, got.address());
        assertThat(client.recv(1024)).isEqualTo(MSG);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#datagrams")
    @DisplayName("boundaries are kept; recvfrom(5) of an 11-byte datagram returns 5 bytes and drops the rest")
    void truncation(Transport transport, AddressFamily family) throws Exception {
        Socket server = boundDatagram(transport, family);
        Socket client = boundDatagram(transport, family);
        client.sendTo("hello world".getBytes(StandardCharsets.US_ASCII), server.getSockName());
        client.sendTo(new byte[0], server.getSockName());
        client.sendTo("second".getBytes(StandardCharsets.US_ASCII), server.getSockName());
        assertThat(new String(server.recvFrom(5).data(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        Datagram empty = server.recvFrom(1024);
        assertThat(empty.data()).as("an empty datagram arrives as b''").isEmpty();
        assertThat(empty.address()).isEqualTo(client.getSockName());
        assertThat(new String(server.recv(1024), StandardCharsets.US_ASCII)).isEqualTo("second");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#inet")
    @DisplayName("the largest UDP payload goes; one byte more is EMSGSIZE; the first sendto binds a free port")
    void sizes(Transport transport, AddressFamily family) throws Exception {
        Socket server = boundDatagram(transport, family);
        server.setOption(io.socketkit.SocketOption.SO_RCVBUF, 1 << 20);
        Socket client = open(transport, family, SocketType.DGRAM);
        int max = family == AddressFamily.INET ? 65507 : 65527;
        assertThat(client.sendTo(new byte[max], server.getSockName())).isEqualTo(max);
        assertThat(((InetSocketAddress) client.getSockName()).getPort()).as("autobound").isPositive();
        assertThat(server.recv(70000)).hasSize(max);
        assertErrno(() -> client.sendTo(new byte[max + 1], server.getSockName()), Errno.EMSGSIZE);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#inet")
    @DisplayName("two threads' first sendTo on an unbound socket: one implicit bind, both datagrams go")
    void concurrentFirstSend(Transport transport, AddressFamily family) throws Exception {
        Socket server = boundDatagram(transport, family);
        Socket client = open(transport, family, SocketType.DGRAM);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> sends = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                sends.add(two.submit(() -> {
                    start.await();
                    return client.sendTo(MSG, server.getSockName());
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Integer> send : sends) {
                assertThat(send.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(MSG.length);
            }
        } finally {
            two.shutdownNow();
        }
        assertThat(server.recv(1024)).isEqualTo(MSG);
        assertThat(server.recv(1024)).isEqualTo(MSG);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#datagrams")
    @DisplayName("connected datagram sockets: send/recv with the peer; send unconnected is EDESTADDRREQ")
    void connected(Transport transport, AddressFamily family) throws Exception {
        Socket server = boundDatagram(transport, family);
        Socket client = boundDatagram(transport, family);
        assertErrno(() -> client.send(MSG), Errno.EDESTADDRREQ);
        assertErrno(client::getPeerName, Errno.ENOTCONN);
        client.connect(server.getSockName());
        assertThat(client.getPeerName()).isEqualTo(server.getSockName());
        assertThat(client.send(MSG)).isEqualTo(MSG.length);
        assertThat(server.recvFrom(1024).data()).isEqualTo(MSG);
        server.sendTo(MSG, client.getSockName());
        assertThat(client.recv(1024)).isEqualTo(MSG);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#inet")
    @DisplayName("a connected UDP socket whose peer is gone gets ECONNREFUSED (ICMP port unreachable)")
    void refused(Transport transport, AddressFamily family) throws Exception {
        Socket gone = open(transport, family, SocketType.DGRAM);
        gone.bind(loopback(family));
        SocketAddress nobody = gone.getSockName();
        gone.close();
        Socket client = boundDatagram(transport, family);
        client.connect(nobody);
        client.setTimeout(Duration.ofMillis(100));
        // The ICMP error comes back asynchronously and surfaces on the next call: recv on NIO and
        // io_uring, send on epoll (which reads no error event). Bounded: 50 rounds.
        java.io.IOException refused = null;
        for (int round = 0; round < 50 && refused == null; round++) {
            try {
                client.send(MSG);
                client.recv(1024);
            } catch (TimeoutError e) {
                continue;
            } catch (java.io.IOException e) {
                refused = e;
            }
        }
        assertThat(refused).isInstanceOf(java.net.ConnectException.class)
                .satisfies(e -> assertThat(Errno.of(e)).isEqualTo(Errno.ECONNREFUSED));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#datagrams")
    @DisplayName("listen and accept on a datagram socket: EOPNOTSUPP")
    void noListen(Transport transport, AddressFamily family) throws Exception {
        Socket sock = boundDatagram(transport, family);
        assertErrno(sock::listen, Errno.EOPNOTSUPP);
        assertErrno(sock::accept, Errno.EOPNOTSUPP);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#datagrams")
    @DisplayName("NonBlocking and timeout recvfrom: EAGAIN, socket.timeout; a selector sees the datagram")
    void modes(Transport transport, AddressFamily family) throws Exception {
        Socket server = boundDatagram(transport, family);
        Socket client = boundDatagram(transport, family);
        server.setBlocking(false);
        assertThrows(BlockingIOError.class, () -> server.recvFrom(10));
        server.setTimeout(Duration.ofMillis(30));
        assertThrows(TimeoutError.class, () -> server.recvFrom(10));
        server.setBlocking(false);
        client.sendTo(MSG, server.getSockName());
        try (io.socketkit.Selector selector = Matrix.provider(transport).selector()) {
            // A datagram socket is always writable: WRITE is seen at once, without waiting.
            selector.register(server, Set.of(SelectorEvent.WRITE), "server");
            assertThat(selector.select(Duration.ZERO)).singleElement()
                    .satisfies(s -> assertThat(s.events()).containsExactly(SelectorEvent.WRITE));
            // READ waits for the datagram: the select returns when it is there, or fails after 10 s.
            selector.modify(server, Set.of(SelectorEvent.READ), "server");
            List<Selected> ready = selector.select(Duration.ofSeconds(10));
            assertThat(ready).singleElement().satisfies(s -> {
                assertThat(s.key().data()).isEqualTo("server");
                assertThat(s.events()).containsExactly(SelectorEvent.READ);
            });
        }
        assertThat(server.recv(1024)).isEqualTo(MSG);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#datagrams")
    @DisplayName("a closed datagram socket: EBADF everywhere, fileno -1, close twice is fine")
    void closed(Transport transport, AddressFamily family) throws Exception {
        Socket sock = boundDatagram(transport, family);
        SocketAddress where = sock.getSockName();
        sock.close();
        sock.close();
        assertThat(sock.fileno()).isEqualTo(-1);
        assertErrno(() -> sock.sendTo(MSG, where), Errno.EBADF);
        assertErrno(() -> sock.recvFrom(1), Errno.EBADF);
        assertErrno(sock::getSockName, Errno.EBADF);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("an unbound Unix datagram sender shows as None to recvfrom")
    void unboundUnixSender(Transport transport) throws Exception {
        Socket server = boundDatagram(transport, AddressFamily.UNIX);
        Socket client = open(transport, AddressFamily.UNIX, SocketType.DGRAM);
        client.sendTo(MSG, server.getSockName());
        Datagram got = server.recvFrom(1024);
        assertThat(got.data()).isEqualTo(MSG);
        assertThat(got.address()).isNull();
        assertThatThrownBy(() -> client.sendTo(MSG, java.net.UnixDomainSocketAddress.of(tempDir.resolve("missing"))))
                .satisfies(e -> assertThat(Errno.of(e)).as("%s caused by %s", e, e.getCause()).isEqualTo(Errno.ENOENT));
    }
}
