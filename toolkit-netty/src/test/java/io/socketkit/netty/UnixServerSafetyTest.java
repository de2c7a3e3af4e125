package io.socketkit.netty;

import static io.socketkit.netty.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socketkit.AbstractUnixAddress;
import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.server.Concurrency;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerKind;
import io.socketkit.server.ServerMetrics;
import io.socketkit.server.SocketServer;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unix socket files a server can be trusted with: the permissions asked for, a stale file from a dead
 * process replaced only when allowed and only if nothing listens, anything else left alone, a file
 * removed on close only while it is still the one the bind made, and peers filtered by uid.
 */
class UnixServerSafetyTest extends ServerTestSupport {

    static Stream<Arguments> cases() {
        return Matrix.styles();
    }

    private ServerConfig config(Transport transport, Matrix.Style style, Path path) {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        ServerConfig config = style == Matrix.Style.EVENT ? ServerConfig.events(ServerKind.UNIX_STREAM, address, Echo::new)
                : ServerConfig.unixStream(address, Lines::new).withConcurrency(Concurrency.THREADS);
        return config.withProvider(Matrix.provider(transport, AddressFamily.UNIX, SocketType.STREAM));
    }

    /** One echo through the server; the client is closed after, so that close() need not wait for its handler. */
    private void assertServed(Transport transport, SocketServer server) throws IOException {
        try (Socket client = Matrix.provider(transport).createConnection(server.address(), WAIT)) {
            client.setTimeout(WAIT);
            assertEcho(client, "ping");
        }
    }

    /** A socket file whose server is gone: the JDK leaves the file behind on close. */
    private static Path staleSocket(Path path) throws IOException {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path));
        }
        assertThat(path).exists();
        return path;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @DisplayName("withUnixPermissions: the socket file gets rw------- and its owner is served")
    void permissions(Transport transport, Matrix.Style style) throws Exception {
        Path path = tempDir.resolve("perm.sock");
        try (SocketServer server = serve(config(transport, style, path)
                .withUnixPermissions(PosixFilePermissions.fromString("rw-------")))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
            assertServed(transport, server);
            server.shutdown();
        }
        assertThat(path).as("removed on close").doesNotExist();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @DisplayName("a stale socket file: EADDRINUSE as bind(2) says, unless allowReuseAddress; then replaced and served")
    void staleFile(Transport transport, Matrix.Style style) throws Exception {
        Path path = staleSocket(tempDir.resolve("stale.sock"));
        ServerConfig plain = config(transport, style, path);
        assertErrno(() -> new SocketServer(plain), Errno.EADDRINUSE);
        assertThat(path).as("left alone without allowReuseAddress").exists();
        try (SocketServer server = serve(config(transport, style, path).withAllowReuseAddress(true))) {
            assertServed(transport, server);
            server.shutdown();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @DisplayName("allowReuseAddress never takes a live server's path, nor removes a file that is not a socket")
    void liveOrOtherFileKept(Transport transport, Matrix.Style style) throws Exception {
        Path live = tempDir.resolve("live.sock");
        ServerConfig reusing = config(transport, style, live).withAllowReuseAddress(true);
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(live), 1);
            assertErrno(() -> new SocketServer(reusing), Errno.EADDRINUSE);
            assertThat(live).exists();
        }
        Path regular = Files.writeString(tempDir.resolve("data.sock"), "precious");
        assertErrno(() -> new SocketServer(config(transport, style, regular).withAllowReuseAddress(true)), Errno.EADDRINUSE);
        assertThat(regular).hasContent("precious");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @DisplayName("withAllowedPeerUids: our own uid is served; a list without it refuses us, counted")
    void peerUids(Transport transport, Matrix.Style style) throws Exception {
        int uid = (Integer) Files.getAttribute(tempDir, "unix:uid");
        ServerConfig onNio = config(transport, style, tempDir.resolve("nio.sock")).withAllowedPeerUids(Set.of(uid));
        if (transport == Transport.NIO && style == Matrix.Style.EVENT) {
            assertErrno(() -> new SocketServer(onNio), Errno.EOPNOTSUPP);
            return;
        }
        if (transport != Transport.NIO) {
            try (SocketServer server = serve(config(transport, style, tempDir.resolve("mine.sock"))
                    .withAllowedPeerUids(Set.of(uid)))) {
                assertServed(transport, server);
                server.shutdown();
            }
        }
        try (SocketServer server = serve(config(transport, style, tempDir.resolve("theirs.sock"))
                .withAllowedPeerUids(Set.of(uid + 1)))) {
            Socket client = track(Matrix.provider(transport).createConnection(server.address(), WAIT));
            client.setTimeout(WAIT);
            assertThat(client.recv(10)).as("closed at once").isEmpty();
            await().atMost(WAIT).until(() -> server.metrics().limitHits().get(ServerMetrics.Limit.PEER_UID) == 1);
            assertThat(server.metrics().refused()).isEqualTo(1);
            assertThat(server.metrics().accepted()).isZero();
            server.shutdown();
        }
    }

    /** What is put at a socket's path after its file was removed (issue 11, item 6). */
    enum Replacement { REGULAR_FILE, LIVE_SOCKET }

    static Stream<Arguments> replacedServers() {
        return cases().flatMap(c -> Stream.of(Replacement.values()).map(r -> Arguments.of(c.get()[0], c.get()[1], r)));
    }

    static Stream<Arguments> replacedSockets() {
        return Matrix.transports().flatMap(t -> Stream.of(SocketType.STREAM, SocketType.DGRAM)
                .flatMap(type -> Stream.of(Replacement.values()).map(r -> Arguments.of(t, type, r))));
    }

    /**
     * Removes the socket file at {@code path} and puts the replacement there; returns what must outlive
     * the close of the socket that made the file: the other server (closed by the caller), or null.
     */
    private static ServerSocketChannel replace(Path path, Replacement replacement) throws IOException {
        Files.delete(path);
        if (replacement == Replacement.REGULAR_FILE) {
            Files.writeString(path, "precious");
            return null;
        }
        ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        other.bind(UnixDomainSocketAddress.of(path), 1);
        return other;
    }

    /** The replacement is still there: the file with its content, or the other server accepting. */
    private static void assertKept(Path path, ServerSocketChannel other) throws IOException {
        try (Stream<Path> left = Files.list(path.getParent())) {
            assertThat(left).as("nothing else left in the directory").containsExactly(path);
        }
        if (other == null) {
            assertThat(path).as("the regular file put in the socket's place").hasContent("precious");
            return;
        }
        try (other; SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
                SocketChannel accepted = other.accept()) {
            assertThat(accepted).as("the other server is still reachable at its path").isNotNull();
            assertThat(client.isConnected()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("replacedServers")
    @DisplayName("close removes the socket file only while it is the server's own: a file or socket put in its place stays")
    void replacedFileKept(Transport transport, Matrix.Style style, Replacement replacement) throws Exception {
        Path path = tempDir.resolve("moved.sock");
        SocketServer server = serve(config(transport, style, path));
        ServerSocketChannel other = replace(path, replacement);
        server.shutdown();
        server.close();
        assertKept(path, other);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("replacedSockets")
    @DisplayName("a socket's close removes its file only while it is its own: a file or socket put in its place stays")
    void replacedFileKeptBySocket(Transport transport, SocketType type, Replacement replacement) throws Exception {
        Path path = tempDir.resolve("plain.sock");
        Socket sock = open(transport, AddressFamily.UNIX, type);
        sock.bind(UnixDomainSocketAddress.of(path));
        if (type == SocketType.STREAM) {
            sock.listen();
        }
        ServerSocketChannel other = replace(path, replacement);
        sock.close();
        assertKept(path, other);
    }

    static Stream<Arguments> socketTypes() {
        return Matrix.transports().flatMap(t -> Stream.of(SocketType.STREAM, SocketType.DGRAM).map(type -> Arguments.of(t, type)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("socketTypes")
    @DisplayName("a socket's close removes its own file, and touches no file when its name is abstract")
    void ownFileRemoved(Transport transport, SocketType type) throws Exception {
        Path path = tempDir.resolve("own.sock");
        Socket sock = open(transport, AddressFamily.UNIX, type);
        sock.bind(UnixDomainSocketAddress.of(path));
        if (type == SocketType.STREAM) {
            sock.listen();
        }
        sock.close();
        assertThat(path).as("removed on close").doesNotExist();
        if (transport == Transport.NIO) {
            return; // NIO has no abstract names (UnixSocketTest.abstractNamespace)
        }
        // An abstract name that spells a path: the file at that path is not the socket's.
        Path lookalike = Files.writeString(tempDir.resolve("abstract"), "precious");
        Socket named = open(transport, AddressFamily.UNIX, type);
        named.bind(AbstractUnixAddress.of(lookalike.toString()));
        named.close();
        assertThat(lookalike).hasContent("precious");
    }
}
