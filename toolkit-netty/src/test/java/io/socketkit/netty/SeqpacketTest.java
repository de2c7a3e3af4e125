package io.socketkit.netty;

import static io.socketkit.netty.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.AbstractUnixAddress;
import io.socketkit.Accepted;
import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.Selected;
import io.socketkit.Selector;
import io.socketkit.SelectorEvent;
import io.socketkit.ShutdownHow;
import io.socketkit.Socket;
import io.socketkit.SocketPair;
import io.socketkit.SocketType;
import io.socketkit.TimeoutError;
import io.socketkit.netty.internal.NettySockets;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unix {@code SOCK_SEQPACKET} sockets, as Python has them on Linux: connection-oriented, message
 * boundaries kept, a short read drops the rest of its message. On EPOLL with Java 22+ (the
 * {@code servers-on-jdk25} execution); elsewhere the refusal is checked and the rest skips, saying why.
 */
class SeqpacketTest extends SocketTestSupport {

    private static NettyProvider epoll() {
        NettyProvider provider = Matrix.provider(Transport.EPOLL);
        assumeTrue(Transport.EPOLL.supports(AddressFamily.UNIX, SocketType.SEQPACKET),
                () -> "Unix seqpacket sockets: " + NettySockets.packetSocketsNeed(Transport.EPOLL));
        return provider;
    }

    private Socket seqpacket() throws Exception {
        return track(epoll().socket(AddressFamily.UNIX, SocketType.SEQPACKET));
    }

    private SocketPair pair() throws Exception {
        SocketPair pair = epoll().socketPair(AddressFamily.UNIX, SocketType.SEQPACKET);
        track(pair.first());
        track(pair.second());
        return pair;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("where the transport or JVM cannot: ESOCKTNOSUPPORT naming what would work")
    void refusedElsewhere(Transport transport) {
        NettyProvider provider = Matrix.provider(transport);
        assumeTrue(!transport.supports(AddressFamily.UNIX, SocketType.SEQPACKET),
                () -> transport + " has Unix seqpacket sockets on this JVM");
        assertErrno(() -> provider.socket(AddressFamily.UNIX, SocketType.SEQPACKET), Errno.ESOCKTNOSUPPORT)
                .hasMessageContaining("EPOLL").hasMessageContaining("Java 22");
    }

    @Test
    @DisplayName("socketpair(AF_UNIX, SOCK_SEQPACKET): sends of 10 and 1 bytes; recv(4) gets 4, the rest of that message is gone, recv(100) the 1-byte one")
    void truncation() throws Exception {
        SocketPair pair = pair();
        assertThat(pair.first().type()).isEqualTo(SocketType.SEQPACKET);
        assertThat(pair.first().send(ascii("0123456789"))).isEqualTo(10);
        assertThat(pair.first().send(ascii("x"))).isEqualTo(1);
        assertThat(pair.second().recv(4)).isEqualTo(ascii("0123"));
        assertThat(pair.second().recv(100)).isEqualTo(ascii("x"));
    }

    @Test
    @DisplayName("boundaries kept both ways; recv(0) is empty at once; EOF after the peer closes, again and again")
    void boundariesAndEof() throws Exception {
        SocketPair pair = pair();
        for (String message : List.of("a", "bb", "ccc")) {
            pair.second().sendAll(ascii(message));
        }
        assertThat(pair.first().recv(0)).isEmpty();
        assertThat(pair.first().recv(100)).isEqualTo(ascii("a"));
        assertThat(pair.first().recv(100)).isEqualTo(ascii("bb"));
        assertThat(pair.first().recvFrom(100).data()).isEqualTo(ascii("ccc"));
        pair.second().close();
        assertThat(pair.first().recv(100)).isEmpty();
        assertThat(pair.first().recv(100)).isEmpty();
        assertErrno(() -> pair.first().send(ascii("late")), Errno.EPIPE);
    }

    @Test
    @DisplayName("a client, a listener on a path and accept; getsockname/getpeername; the file goes with close")
    void listenAndAccept() throws Exception {
        Socket server = seqpacket();
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(tempDir.resolve("seq.sock"));
        server.bind(path);
        server.listen(4);
        assertThat(server.getSockName()).isEqualTo(path);
        Socket client = seqpacket();
        client.connect(path);
        Accepted accepted = server.accept();
        Socket conn = track(accepted.connection());
        assertThat(accepted.address()).isEqualTo(UnixDomainSocketAddress.of(""));
        assertThat(conn.type()).isEqualTo(SocketType.SEQPACKET);
        assertThat(client.getPeerName()).isEqualTo(path);
        client.sendAll(ascii("hello"));
        assertThat(conn.recv(100)).isEqualTo(ascii("hello"));
        conn.sendAll(ascii("world"));
        assertThat(client.recv(3)).isEqualTo(ascii("wor"));
        server.close();
        assertThat(Files.exists(path.getPath())).isFalse();
        assertErrno(() -> seqpacket().connect(path), Errno.ENOENT);
    }

    @Test
    @DisplayName("abstract names: bind, connect, accept, no file")
    void abstractName() throws Exception {
        AbstractUnixAddress name = AbstractUnixAddress.of("socketkit-seq-" + ProcessHandle.current().pid());
        Socket server = seqpacket();
        server.bind(name);
        server.listen(1);
        assertThat(server.getSockName()).isEqualTo(name);
        Socket client = seqpacket();
        client.connect(name);
        Socket conn = track(server.accept().connection());
        client.sendAll(ascii("abstract"));
        assertThat(conn.recv(100)).isEqualTo(ascii("abstract"));
    }

    @Test
    @DisplayName("shutdown: SHUT_WR gives the peer EOF and the writer EPIPE, the other way still works; unconnected is fine, as on Linux")
    void shutdown() throws Exception {
        SocketPair pair = pair();
        pair.first().shutdown(ShutdownHow.SHUT_WR);
        assertThat(pair.second().recv(100)).isEmpty();
        assertErrno(() -> pair.first().send(ascii("no")), Errno.EPIPE);
        pair.second().sendAll(ascii("still"));
        assertThat(pair.first().recv(100)).isEqualTo(ascii("still"));
        // Linux (and so Python) lets an unconnected Unix seqpacket socket shut down.
        seqpacket().shutdown(ShutdownHow.SHUT_RDWR);
    }

    @Test
    @DisplayName("SHUT_RD wakes a blocked recv with an empty result")
    void shutdownWakesReader() throws Exception {
        SocketPair pair = pair();
        CompletableFuture<byte[]> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return pair.first().recv(100);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        pair.first().shutdown(ShutdownHow.SHUT_RD);
        assertThat(blocked.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    @DisplayName("modes: non-blocking recv and accept EAGAIN, a timeout TimeoutError, a blocked recv woken by a send")
    void modes() throws Exception {
        SocketPair pair = pair();
        pair.first().setBlocking(false);
        assertErrno(() -> pair.first().recv(10), Errno.EAGAIN);
        pair.first().setTimeout(Duration.ofMillis(50));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pair.first().recv(10)).isInstanceOf(TimeoutError.class);
        pair.first().setBlocking(true);
        CompletableFuture<byte[]> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return pair.first().recv(100);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        pair.second().sendAll(ascii("wake"));
        assertThat(blocked.get(10, TimeUnit.SECONDS)).isEqualTo(ascii("wake"));

        Socket server = seqpacket();
        server.bind(UnixDomainSocketAddress.of(tempDir.resolve("nb.sock")));
        server.listen(1);
        server.setBlocking(false);
        assertErrno(server::accept, Errno.EAGAIN);
    }

    @Test
    @DisplayName("a selector: READ once a message or a connection waits, WRITE when a send would not block")
    void selector() throws Exception {
        SocketPair pair = pair();
        Socket server = seqpacket();
        SocketAddress path = UnixDomainSocketAddress.of(tempDir.resolve("sel.sock"));
        server.bind(path);
        server.listen(1);
        try (Selector selector = epoll().selector()) {
            selector.register(pair.first(), java.util.EnumSet.of(SelectorEvent.READ), "pair");
            selector.register(server, java.util.EnumSet.of(SelectorEvent.READ), "server");
            assertThat(selector.select(Duration.ZERO)).isEmpty();
            pair.second().sendAll(ascii("m"));
            List<Selected> ready = selector.select(Duration.ofSeconds(10));
            assertThat(ready).extracting(s -> s.key().data()).containsExactly("pair");
            assertThat(pair.first().recv(10)).isEqualTo(ascii("m"));
            Socket client = seqpacket();
            client.connect(path);
            assertThat(selector.select(Duration.ofSeconds(10))).extracting(s -> s.key().data())
                    .containsExactly("server");
            track(server.accept().connection());
            selector.modify(pair.first(), java.util.EnumSet.of(SelectorEvent.WRITE), "pair");
            assertThat(selector.select(Duration.ofSeconds(10))).extracting(s -> s.key().data())
                    .containsExactly("pair");
        }
    }

    @Test
    @DisplayName("close: fileno -1, every call EBADF, close again is fine; a blocked recv is woken with EBADF")
    void close() throws Exception {
        SocketPair pair = pair();
        assertThat(pair.first().fileno()).isPositive();
        CompletableFuture<byte[]> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return pair.first().recv(100);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        pair.first().close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(Errno.of(e.getCause())).isEqualTo(Errno.EBADF));
        pair.first().close();
        assertThat(pair.first().fileno()).isEqualTo(-1);
        assertErrno(() -> pair.first().send(ascii("x")), Errno.EBADF);
        assertErrno(() -> pair.first().getSockName(), Errno.EBADF);
    }
}
