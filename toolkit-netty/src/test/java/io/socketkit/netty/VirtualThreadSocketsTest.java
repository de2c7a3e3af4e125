package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Virtual threads blocked in {@code recv} park, never pin their carrier in the kernel: ten thousand of
 * them wait at once on the JVM's handful of carriers, and all of them get their data. Runs on Java 21+
 * (the build runs it on Temurin 25 where that is installed); skips, saying so, on 17.
 */
class VirtualThreadSocketsTest extends SocketTestSupport {
    private static final int PAIRS = 5_000;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    void tenThousandSocketsBlockedInRecvAtOnce(Transport transport) throws Exception {
        ThreadFactory virtual = virtualThreads();
        assumeTrue(descriptorLimit() > 2L * PAIRS + 1_000, "fewer than " + (2 * PAIRS + 1_000) + " descriptors allowed here");
        Socket server = open(transport, AddressFamily.INET, SocketType.STREAM);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        server.listen(PAIRS);
        List<Socket> ends = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            Socket client = open(transport, AddressFamily.INET, SocketType.STREAM);
            client.connect(server.getSockName());
            ends.add(client);
            ends.add(track(server.accept().connection()));
        }
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            CountDownLatch started = new CountDownLatch(ends.size());
            List<CompletableFuture<byte[]>> received = new ArrayList<>();
            for (Socket end : ends) {
                CompletableFuture<byte[]> result = new CompletableFuture<>();
                virtual.newThread(() -> {
                    started.countDown();
                    try {
                        result.complete(end.recv(16));
                    } catch (IOException | RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                }).start();
                received.add(result);
            }
            // Were each blocked recv to pin a carrier, no more than a few would ever start.
            started.await();
            for (int i = 0; i < ends.size(); i++) {
                ends.get(i ^ 1).sendAll(new byte[] {(byte) i});
            }
            for (int i = 0; i < ends.size(); i++) {
                assertThat(received.get(i).get()).containsExactly((byte) i);
            }
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    void aVirtualThreadBlockedInRecvWakesForDataAtItsTimeoutAndOnClose(Transport transport, AddressFamily family)
            throws Exception {
        ThreadFactory virtual = virtualThreads();
        Socket[] pair = connectedPair(transport, family);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            // Data in pieces, each read by the thread that waited for it, in order.
            CompletableFuture<byte[]> got = onVirtual(virtual, () -> recvExactly(pair[0], 3000));
            for (int i = 0; i < 1000; i++) {
                pair[1].sendAll(new byte[] {(byte) i, (byte) (i >> 8), 9});
            }
            byte[] all = got.get();
            for (int i = 0; i < 1000; i++) {
                assertThat(new byte[] {all[3 * i], all[3 * i + 1], all[3 * i + 2]})
                        .isEqualTo(new byte[] {(byte) i, (byte) (i >> 8), 9});
            }
            // Nothing comes: the timeout ends the wait.
            pair[0].setTimeout(Duration.ofMillis(200));
            CompletableFuture<byte[]> late = onVirtual(virtual, () -> pair[0].recv(10));
            assertThat(late).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(java.net.SocketTimeoutException.class);
            // Closed by another thread: the waiter wakes with an error at once.
            pair[0].setTimeout(null);
            Thread[] waiter = new Thread[1];
            CompletableFuture<byte[]> closed = onVirtual(virtual, () -> {
                waiter[0] = Thread.currentThread();
                return pair[0].recv(10);
            });
            // Parked inside recv (a virtual thread parked shows WAITING), then closed under it.
            while (waiter[0] == null || waiter[0].getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            pair[0].close();
            assertThat(closed).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(IOException.class);
        });
    }

    private interface IoCall<T> {
        T run() throws IOException;
    }

    private static <T> CompletableFuture<T> onVirtual(ThreadFactory virtual, IoCall<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        virtual.newThread(() -> {
            try {
                result.complete(call.run());
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }).start();
        return result;
    }

    private static ThreadFactory virtualThreads() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            assumeTrue(false, "virtual threads need Java 21+; this is " + Runtime.version());
            throw new AssertionError(e);
        }
    }

    /** The soft limit on open descriptors, from /proc (0 where there is none to read). */
    private static long descriptorLimit() throws IOException {
        java.nio.file.Path limits = java.nio.file.Path.of("/proc/self/limits");
        if (!java.nio.file.Files.exists(limits)) {
            return 0;
        }
        return java.nio.file.Files.readAllLines(limits).stream()
                .filter(line -> line.startsWith("Max open files"))
                .map(line -> line.substring("Max open files".length()).trim().split("\\s+")[0])
                .mapToLong(soft -> soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft))
                .findFirst().orElse(0);
    }
}
