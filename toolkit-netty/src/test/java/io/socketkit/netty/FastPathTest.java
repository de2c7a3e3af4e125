package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.OSError;
import io.socketkit.Socket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The blocking fast path (the caller's own reads and writes, asleep in the kernel on EAGAIN) under
 * threads that share a socket, close it under each other, and reuse its descriptor's number; and a
 * large transfer that mixes direct writes with writes queued in Netty's channel.
 */
class FastPathTest extends SocketTestSupport {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    interface IoCall<T> {
        T run() throws IOException;
    }

    private <T> CompletableFuture<T> onThread(ExecutorService executor, IoCall<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    void oneThreadReceivesWhileAnotherSendsOnTheSameSocket(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        Socket shared = pair[0];
        Socket echo = pair[1];
        int messages = 20_000;
        int size = 37;
        assertTimeoutPreemptively(LIMIT, () -> {
            CompletableFuture<Long> echoed = onThread(threads, () -> {
                long total = 0;
                for (byte[] data = echo.recv(8192); data.length > 0; data = echo.recv(8192)) {
                    echo.sendAll(data);
                    total += data.length;
                }
                return total;
            });
            CompletableFuture<Long> received = onThread(threads, () -> {
                CRC32 crc = new CRC32();
                long want = (long) messages * size;
                long got = 0;
                while (got < want) {
                    byte[] data = shared.recv(4096);
                    assertThat(data).as("end of stream after %d of %d bytes", got, want).isNotEmpty();
                    crc.update(data);
                    got += data.length;
                }
                return crc.getValue();
            });
            CompletableFuture<Long> sent = onThread(threads, () -> {
                CRC32 crc = new CRC32();
                byte[] message = new byte[size];
                for (int i = 0; i < messages; i++) {
                    Arrays.fill(message, (byte) i);
                    message[0] = (byte) (i >> 8);
                    shared.sendAll(message);
                    crc.update(message);
                }
                return crc.getValue();
            });
            assertThat(received.get()).isEqualTo(sent.get());
            shared.shutdown(io.socketkit.ShutdownHow.SHUT_WR);
            assertThat(echoed.get()).isEqualTo((long) messages * size);
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    void closeWakesAThreadBlockedInRecvAndOneBlockedInSend(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        Socket victim = pair[0];
        assertTimeoutPreemptively(LIMIT, () -> {
            Thread[] blocked = new Thread[2];
            CompletableFuture<byte[]> recv = onThread(threads, () -> {
                blocked[0] = Thread.currentThread();
                return victim.recv(100);
            });
            CompletableFuture<Void> send = onThread(threads, () -> {
                blocked[1] = Thread.currentThread();
                // The peer never reads: the kernel's buffers and the channel's fill, then sendAll waits.
                victim.sendAll(new byte[64 << 20]);
                return null;
            });
            awaitBlocked(blocked, 0, "recv");
            awaitBlocked(blocked, 1, "send");
            long closedAt = System.nanoTime();
            victim.close();
            assertClosedError(recv);
            assertClosedError(send);
            assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(2));
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    void aReceiveIdlePastOneSecondParksForTheLoopAndStillGetsItsDataInOrder(Transport transport,
            AddressFamily family) throws Exception {
        assumeFalse(Runtime.version().feature() >= 22 && transport == Transport.EPOLL,
                "on Java 22+ an epoll socket's thread waits in poll(2), which costs too little to give back");
        Socket[] pair = connectedPair(transport, family);
        assertTimeoutPreemptively(LIMIT, () -> {
            Thread[] blocked = new Thread[1];
            CompletableFuture<byte[]> first = onThread(threads, () -> {
                blocked[0] = Thread.currentThread();
                return recvExactly(pair[0], 5);
            });
            // Idle past its waiter's second: the thread gave the waiter back and waits for the loop.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (blocked[0] == null || !isParkedFor(blocked[0].getStackTrace())) {
                assertThat(System.nanoTime()).as("the idle receive never parked").isLessThan(deadline);
                Thread.onSpinWait();
            }
            pair[1].sendAll("first".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(first.get()).isEqualTo("first".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            // The next receives take the fast path again, and nothing reorders.
            CompletableFuture<byte[]> rest = onThread(threads, () -> recvExactly(pair[0], 3 * 1000));
            for (int i = 0; i < 1000; i++) {
                pair[1].sendAll(new byte[] {(byte) i, (byte) (i >> 8), 7});
            }
            byte[] got = rest.get();
            for (int i = 0; i < 1000; i++) {
                assertThat(new byte[] {got[3 * i], got[3 * i + 1], got[3 * i + 2]})
                        .isEqualTo(new byte[] {(byte) i, (byte) (i >> 8), 7});
            }
        });
    }

    /** Parked on the socket's condition for the event loop, not asleep in a kernel waiter of its own. */
    private static boolean isParkedFor(StackTraceElement[] stack) {
        boolean inRecv = Arrays.stream(stack).anyMatch(f -> f.getClassName().endsWith("StreamSocket"));
        boolean parked = Arrays.stream(stack).limit(12).anyMatch(f -> f.getMethodName().equals("park"));
        return inRecv && parked;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    void aClosedSocketsDescriptorNumberReusedMeanwhileCarriesOnlyTheNewSocketsData(Transport transport,
            AddressFamily family) throws Exception {
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Socket[] old = connectedPair(transport, family);
            Socket server = listener(transport, family);
            int number = old[0].fileno();
            assertTimeoutPreemptively(LIMIT, () -> {
                Thread[] blocked = new Thread[1];
                CompletableFuture<byte[]> stale = onThread(reader, () -> {
                    blocked[0] = Thread.currentThread();
                    return old[0].recv(100);
                });
                awaitBlocked(blocked, 0, "recv");
                old[0].close();
                assertClosedError(stale);
                // New connections until one end has the old number (where the transport shows numbers):
                // the lowest free number is the next one given once the old descriptor is closed.
                Socket[] fresh = accepted(server, transport, family);
                for (int i = 0; i < 50 && number >= 0 && fresh[0].fileno() != number && fresh[1].fileno() != number; i++) {
                    fresh = accepted(server, transport, family);
                }
                if (number >= 0) {
                    assertThat(new int[] {fresh[0].fileno(), fresh[1].fileno()}).contains(number);
                }
                Socket reused = fresh[0].fileno() == number ? fresh[0] : fresh[1];
                Socket peer = reused == fresh[0] ? fresh[1] : fresh[0];
                // The thread that slept on the old socket now sleeps on the new one, same number.
                CompletableFuture<byte[]> got = onThread(reader, () -> recvExactly(reused, 5));
                peer.sendAll("fresh".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThat(got.get()).isEqualTo("fresh".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThatThrownBy(() -> old[0].recv(10)).isInstanceOf(OSError.class)
                        .satisfies(e -> assertThat(Errno.of((IOException) e)).isEqualTo(Errno.EBADF));
                assertThatThrownBy(() -> old[0].send(new byte[1])).isInstanceOf(OSError.class)
                        .satisfies(e -> assertThat(Errno.of((IOException) e)).isEqualTo(Errno.EBADF));
                reused.sendAll("back".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThat(recvExactly(peer, 4)).isEqualTo("back".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            });
        } finally {
            reader.shutdownNow();
            assertThat(reader.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    void sixtyFourMebibytesInRandomPiecesToASlowReaderArriveIntact(Transport transport, AddressFamily family)
            throws Exception {
        Socket[] pair = connectedPair(transport, family);
        long total = 64L << 20;
        assertTimeoutPreemptively(LIMIT.multipliedBy(2), () -> {
            CompletableFuture<byte[]> sent = onThread(threads, () -> {
                Random random = new Random(42);
                MessageDigest digest = sha256();
                byte[] piece = new byte[256 * 1024];
                long left = total;
                while (left > 0) {
                    int size = (int) Math.min(left, 1 + random.nextInt(piece.length));
                    random.nextBytes(piece);
                    byte[] data = Arrays.copyOf(piece, size);
                    if (random.nextBoolean()) {
                        pair[0].sendAll(data);
                    } else {
                        int done = pair[0].send(ByteBuffer.wrap(data));
                        if (done < size) {
                            pair[0].sendAll(Arrays.copyOfRange(data, done, size));
                        }
                    }
                    digest.update(data);
                    left -= size;
                }
                pair[0].shutdown(io.socketkit.ShutdownHow.SHUT_WR);
                return digest.digest();
            });
            MessageDigest digest = sha256();
            long got = 0;
            Random sizes = new Random(7);
            for (byte[] data = pair[1].recv(512); data.length > 0; data = pair[1].recv(1 + sizes.nextInt(8192))) {
                digest.update(data);
                got += data.length;
            }
            assertThat(got).isEqualTo(total);
            assertThat(digest.digest()).isEqualTo(sent.get());
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    void anInterruptedThreadDoesNotSleepInRecv(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> pair[0].recv(10)).isInstanceOf(java.io.InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt status is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        pair[1].sendAll(new byte[] {7});
        assertThat(pair[0].recv(10)).containsExactly(7);
    }

    /** A client connected to the listener and the connection it accepted. */
    private Socket[] accepted(Socket server, Transport transport, AddressFamily family) throws IOException {
        Socket client = open(transport, family, io.socketkit.SocketType.STREAM);
        client.connect(server.getSockName());
        return new Socket[] {client, track(server.accept().connection())};
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Waits (bounded) until a thread is really blocked inside the socket: asleep in the kernel (poll(2), an
     * epoll set or a selector) or parked on the socket's condition.
     */
    static void awaitBlocked(Thread[] threads, int index, String call) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Thread thread = threads[index];
            if (thread != null && isBlockedIn(thread.getStackTrace(), call)) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(call + " never blocked");
    }

    private static boolean isBlockedIn(StackTraceElement[] stack, String call) {
        boolean inCall = Arrays.stream(stack).anyMatch(f -> f.getClassName().endsWith("StreamSocket")
                && (f.getMethodName().equals(call) || f.getMethodName().equals("sendAll")));
        boolean waiting = Arrays.stream(stack).limit(12).anyMatch(f -> f.getMethodName().equals("epollWait")
                || f.getMethodName().startsWith("epollWait") || f.getMethodName().equals("park")
                || f.getMethodName().equals("doSelect") || f.getMethodName().equals("wait")
                || f.getClassName().endsWith("PollWaiter") && f.getMethodName().equals("sleep"));
        return inCall && waiting;
    }

    private static void assertClosedError(CompletableFuture<?> call) throws InterruptedException {
        try {
            call.get(5, TimeUnit.SECONDS);
            throw new AssertionError("the call returned after close");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException ? e.getCause().getCause() : e.getCause();
            assertThat(cause).isInstanceOf(OSError.class);
            assertThat(Errno.of((IOException) cause)).isEqualTo(Errno.EBADF);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the call did not wake within 5 s of close", e);
        }
    }
}
