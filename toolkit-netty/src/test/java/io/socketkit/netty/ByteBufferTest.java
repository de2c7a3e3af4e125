package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code recv_into}, {@code send} of a buffer and {@code makefile} reads: position and limit as the JDK's channels move them. */
class ByteBufferTest extends SocketTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static byte[] counting(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i + 1);
        }
        return data;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("recvInto writes between position and limit only, heap or direct, and moves the position by the count")
    void recvIntoWindow(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[1].setTimeout(WAIT);
        byte[] sent = counting(20);
        pair[0].sendAll(sent);
        ByteBuffer[] targets = {ByteBuffer.allocate(32), ByteBuffer.allocateDirect(32)};
        ByteBuffer got = ByteBuffer.allocate(20);
        for (int round = 0; got.hasRemaining() && round < 40; round++) {
            ByteBuffer target = targets[round % 2];
            target.clear().position(5).limit(15);
            int n = pair[1].recvInto(target);
            assertThat(n).isBetween(1, 10);
            assertThat(target.position()).isEqualTo(5 + n);
            assertThat(target.limit()).isEqualTo(15);
            ByteBuffer whole = target.duplicate().clear();
            for (int i = 0; i < 5; i++) {
                assertThat(whole.get(i)).as("byte %d, before the position", i).isZero();
            }
            for (int i = 15; i < 32; i++) {
                assertThat(whole.get(i)).as("byte %d, past the limit", i).isZero();
            }
            got.put(target.flip().position(5));
            target.clear();
            while (target.hasRemaining()) {
                target.put((byte) 0);
            }
        }
        assertThat(got.array()).isEqualTo(sent);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("recvInto: a read-only buffer is refused and nothing is taken; a full buffer gets 0 and nothing is taken")
    void recvIntoRefusals(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[1].setTimeout(WAIT);
        pair[0].sendAll(counting(3));
        assertThatThrownBy(() -> pair[1].recvInto(ByteBuffer.allocate(8).asReadOnlyBuffer()))
                .isInstanceOf(ReadOnlyBufferException.class);
        assertThatThrownBy(() -> pair[1].recvInto(ByteBuffer.allocateDirect(8).asReadOnlyBuffer()))
                .isInstanceOf(ReadOnlyBufferException.class);
        assertThat(pair[1].recvInto(ByteBuffer.allocate(8).position(8))).isZero();
        assertThat(recvExactly(pair[1], 3)).isEqualTo(counting(3));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("send(ByteBuffer) sends between position and limit, heap, direct or read-only, and moves the position by the count")
    void sendWindow(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[1].setTimeout(WAIT);
        byte[] all = counting(40);
        ByteBuffer direct = ByteBuffer.allocateDirect(40).put(all).clear();
        ByteBuffer[] sources = {ByteBuffer.wrap(all), direct, ByteBuffer.wrap(all).asReadOnlyBuffer(), direct.asReadOnlyBuffer()};
        for (ByteBuffer source : sources) {
            source.position(10).limit(30);
            int sent = 0;
            for (int round = 0; source.hasRemaining() && round < 100; round++) {
                int n = pair[0].send(source);
                sent += n;
                assertThat(source.position()).isEqualTo(10 + sent);
                assertThat(source.limit()).isEqualTo(30);
            }
            assertThat(sent).isEqualTo(20);
            byte[] expected = java.util.Arrays.copyOfRange(all, 10, 30);
            assertThat(recvExactly(pair[1], 20)).as("from a %s", source).isEqualTo(expected);
        }
        assertThat(pair[0].send(ByteBuffer.allocate(4).position(4))).isZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("makefile reads land at the offset asked for, nothing around them")
    void inputStreamOffset(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[1].setTimeout(WAIT);
        pair[0].sendAll(counting(6));
        InputStream in = pair[1].inputStream();
        byte[] target = new byte[12];
        int filled = 0;
        for (int round = 0; filled < 6 && round < 12; round++) {
            int n = in.read(target, 3 + filled, 6 - filled);
            assertThat(n).isPositive();
            filled += n;
        }
        assertThat(target).isEqualTo(new byte[] {0, 0, 0, 1, 2, 3, 4, 5, 6, 0, 0, 0});
        pair[0].shutdown(io.socketkit.ShutdownHow.SHUT_WR);
        assertThat(in.read(target, 0, 4)).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("4 MiB through send(ByteBuffer) and recvInto in random pieces, heap and direct mixed, arrives whole")
    void bulk(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[0].setTimeout(WAIT);
        pair[1].setTimeout(WAIT);
        byte[] payload = new byte[4 << 20];
        Random random = new Random(12);
        random.nextBytes(payload);
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                Random sizes = new Random(13);
                ByteBuffer direct = ByteBuffer.allocateDirect(256 * 1024);
                int at = 0;
                for (int round = 0; at < payload.length && round < 1_000_000; round++) {
                    int size = Math.min(1 + sizes.nextInt(200_000), payload.length - at);
                    ByteBuffer source = round % 2 == 0 ? ByteBuffer.wrap(payload, at, size)
                            : direct.clear().put(payload, at, size).flip();
                    at += pair[0].send(source);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, threads);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ByteBuffer heap = ByteBuffer.allocate(70_000);
        ByteBuffer direct = ByteBuffer.allocateDirect(70_000);
        Random sizes = new Random(14);
        long total = 0;
        for (int round = 0; total < payload.length && round < 1_000_000; round++) {
            ByteBuffer target = (round % 2 == 0 ? heap : direct).clear().limit(1 + sizes.nextInt(70_000));
            int n = pair[1].recvInto(target);
            assertThat(n).as("end of stream after %d bytes", total).isPositive();
            digest.update(target.flip());
            total += n;
        }
        sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(total).isEqualTo(payload.length);
        assertThat(digest.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload));
    }
}
