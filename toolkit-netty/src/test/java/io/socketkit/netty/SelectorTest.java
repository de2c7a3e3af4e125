package io.socketkit.netty;

import static io.socketkit.netty.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.Selected;
import io.socketkit.Selector;
import io.socketkit.SelectorEvent;
import io.socketkit.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** test_selectors.py's cases for socketkit's selector over non-blocking sockets. */
class SelectorTest extends SocketTestSupport {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("BaseSelectorTestCase.test_select: an echo over many connections, driven by one selector")
    void echoServerOnOneThread(Transport transport, AddressFamily family) throws Exception {
        Socket server = listener(transport, family);
        server.setBlocking(false);
        int clients = 8;
        Socket[] sockets = new Socket[clients];
        for (int i = 0; i < clients; i++) {
            sockets[i] = open(transport, family, io.socketkit.SocketType.STREAM);
            sockets[i].connect(server.getSockName());
            sockets[i].sendAll(("hello " + i).getBytes(StandardCharsets.US_ASCII));
        }
        Map<Integer, String> replies = new HashMap<>();
        try (Selector selector = Matrix.provider(transport).selector()) {
            selector.register(server, Set.of(SelectorEvent.READ), "listener");
            int accepted = 0;
            int echoed = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (echoed < clients && System.nanoTime() < end) {
                for (Selected ready : selector.select(Duration.ofSeconds(1))) {
                    Socket sock = ready.key().socket();
                    if ("listener".equals(ready.key().data())) {
                        Socket conn = track(sock.accept().connection());
                        conn.setBlocking(false);
                        selector.register(conn, Set.of(SelectorEvent.READ), "conn");
                        accepted++;
                    } else {
                        byte[] data = sock.recv(1024);
                        sock.sendAll(data);
                        selector.unregister(sock);
                        echoed++;
                    }
                }
            }
            assertThat(accepted).isEqualTo(clients);
        }
        for (int i = 0; i < clients; i++) {
            replies.put(i, new String(sockets[i].recv(1024), StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < clients; i++) {
            assertThat(replies.get(i)).isEqualTo("hello " + i);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("a waiting select wakes when data arrives from another thread; the timeout is honoured otherwise")
    void wakesUp(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        try (Selector selector = Matrix.provider(transport).selector()) {
            selector.register(pair[1], Set.of(SelectorEvent.READ), null);
            long start = System.nanoTime();
            assertThat(selector.select(Duration.ofMillis(50))).isEmpty();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45));
            CompletableFuture<List<Selected>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return selector.select(null);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            pair[0].sendAll(new byte[] {1});
            assertThat(waiting.get(10, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("BaseSelectorTestCase.test_register / unregister / modify / get_map / close")
    void keys(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        Selector selector = Matrix.provider(transport).selector();
        var key = selector.register(pair[0], Set.of(SelectorEvent.WRITE), "data");
        assertThat(key.data()).isEqualTo("data");
        assertThatThrownBy(() -> selector.register(pair[0], Set.of(SelectorEvent.READ), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> selector.register(pair[1], Set.of(), null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(selector.getMap()).containsOnlyKeys(pair[0]);
        assertThat(selector.select(Duration.ZERO)).singleElement()
                .satisfies(s -> assertThat(s.events()).containsExactly(SelectorEvent.WRITE));
        selector.modify(pair[0], Set.of(SelectorEvent.READ), "other");
        assertThat(selector.select(Duration.ZERO)).isEmpty();
        assertThat(selector.unregister(pair[0]).data()).isEqualTo("other");
        assertThatThrownBy(() -> selector.unregister(pair[0])).isInstanceOf(NoSuchElementException.class);
        selector.close();
        selector.close();
        assertThatThrownBy(() -> selector.select(Duration.ZERO)).satisfies(e -> assertThat(Errno.of(e)).isEqualTo(Errno.EBADF));
        pair[1].close();
        Selector another = Matrix.provider(transport).selector();
        assertErrno(() -> another.register(pair[1], Set.of(SelectorEvent.READ), null), Errno.EBADF);
        another.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("end of stream is READ readiness (recv then returns b'')")
    void endOfStreamIsReadable(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[1].setBlocking(false);
        try (Selector selector = Matrix.provider(transport).selector()) {
            selector.register(pair[1], Set.of(SelectorEvent.READ), null);
            pair[0].close();
            assertThat(selector.select(Duration.ofSeconds(10))).hasSize(1);
            assertThat(pair[1].recv(10)).isEmpty();
        }
    }
}
