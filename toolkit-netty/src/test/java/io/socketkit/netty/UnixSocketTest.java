package io.socketkit.netty;

import static io.socketkit.netty.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketkit.AbstractUnixAddress;
import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.PeerCredentials;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What only Unix domain sockets have: paths, files, the abstract namespace, peer credentials. */
class UnixSocketTest extends SocketTestSupport {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("TestUnixDomain.testLongPath analogue: a path over 107 bytes fails before any syscall (ENAMETOOLONG)")
    void longPath(Transport transport) throws Exception {
        Socket sock = open(transport, AddressFamily.UNIX, SocketType.STREAM);
        UnixDomainSocketAddress tooLong = UnixDomainSocketAddress.of(tempDir.resolve("x".repeat(120)));
        assertErrno(() -> sock.bind(tooLong), Errno.ENAMETOOLONG)
                .hasMessageContaining("AF_UNIX path too long");
        assertThat(Files.exists(tooLong.getPath())).isFalse();
        assertErrno(() -> sock.connect(tooLong), Errno.ENAMETOOLONG);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("bind creates the socket file, an existing path is EADDRINUSE, close removes the file")
    void socketFile(Transport transport) throws Exception {
        Socket server = listener(transport, AddressFamily.UNIX);
        Path path = ((UnixDomainSocketAddress) server.getSockName()).getPath();
        assertThat(Files.exists(path)).isTrue();
        Socket other = open(transport, AddressFamily.UNIX, SocketType.STREAM);
        assertThatThrownBy(() -> other.bind(server.getSockName())).isInstanceOf(java.net.BindException.class);
        assertThat(Files.exists(path)).as("a failed bind leaves the owner's file").isTrue();
        server.close();
        assertThat(Files.exists(path)).as("socketkit removes its socket file on close (Python does not)").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("connecting to a missing path: ENOENT")
    void missingPath(Transport transport) throws Exception {
        Socket sock = open(transport, AddressFamily.UNIX, SocketType.STREAM);
        UnixDomainSocketAddress missing = UnixDomainSocketAddress.of(tempDir.resolve("missing.sock"));
        assertThatThrownBy(() -> sock.connect(missing)).satisfies(e -> assertThat(Errno.of(e)).isEqualTo(Errno.ENOENT));
        assertThat(sock.connectEx(missing)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("TestLinuxAbstractNamespace: abstract names need no file; NIO says it has none")
    void abstractNamespace(Transport transport) throws Exception {
        AbstractUnixAddress name = AbstractUnixAddress.of("socketkit-test-" + ProcessHandle.current().pid() + "-" + transport);
        Socket server = open(transport, AddressFamily.UNIX, SocketType.STREAM);
        if (transport == Transport.NIO) {
            assertErrno(() -> server.bind(name), Errno.EAFNOSUPPORT)
                    .hasMessageContaining("EPOLL");
            return;
        }
        server.bind(name);
        server.listen();
        assertThat(server.getSockName()).isEqualTo(name);
        Socket client = open(transport, AddressFamily.UNIX, SocketType.STREAM);
        client.connect(name);
        Socket conn = track(server.accept().connection());
        client.sendAll("abstract".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(conn.recv(100), StandardCharsets.US_ASCII)).isEqualTo("abstract");
        assertThat(client.getPeerName()).isEqualTo(name);
        assertThatThrownBy(() -> AbstractUnixAddress.of("n".repeat(108))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("abstract names for Unix datagram sockets too, where the transport has them")
    void abstractDatagrams(Transport transport) throws Exception {
        AbstractUnixAddress name = AbstractUnixAddress.of("socketkit-dgram-" + ProcessHandle.current().pid() + "-" + transport);
        Socket server = open(transport, AddressFamily.UNIX, SocketType.DGRAM);
        server.bind(name);
        assertThat(server.getSockName()).isEqualTo(name);
        AbstractUnixAddress clientName = AbstractUnixAddress.of(name.name() + "-client");
        Socket client = open(transport, AddressFamily.UNIX, SocketType.DGRAM);
        client.bind(clientName);
        client.sendTo("hi".getBytes(StandardCharsets.US_ASCII), name);
        io.socketkit.Datagram got = server.recvFrom(10);
        assertThat(new String(got.data(), StandardCharsets.US_ASCII)).isEqualTo("hi");
        assertThat(got.address()).isEqualTo(clientName);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("peer credentials on Unix stream sockets: this process's pid and uid where the transport has them")
    void peerCredentials(Transport transport) throws Exception {
        Socket[] pair = connectedPair(transport, AddressFamily.UNIX);
        if (transport == Transport.NIO) {
            assertThatThrownBy(pair[1]::peerCredentials).satisfies(e -> assertThat(Errno.of(e)).isEqualTo(Errno.EOPNOTSUPP));
            return;
        }
        PeerCredentials credentials = pair[1].peerCredentials();
        assertThat(credentials.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(credentials.uid()).isEqualTo((Integer) Files.getAttribute(tempDir, "unix:uid"));
        Socket tcp = open(transport, AddressFamily.INET, SocketType.STREAM);
        assertErrno(tcp::peerCredentials, Errno.EOPNOTSUPP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("an unbound Unix client shows as '' to accept")
    void unboundClient(Transport transport) throws Exception {
        Socket server = listener(transport, AddressFamily.UNIX);
        Socket client = open(transport, AddressFamily.UNIX, SocketType.STREAM);
        client.connect(server.getSockName());
        var accepted = server.accept();
        track(accepted.connection());
        assertThat(accepted.address().toString()).isEmpty();
    }
}
