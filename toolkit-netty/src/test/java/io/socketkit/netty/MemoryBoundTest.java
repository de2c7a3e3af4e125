package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketkit.AddressFamily;
import io.socketkit.BlockingIOError;
import io.socketkit.Socket;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flow control end to end: 256 MiB pushed at a reader that does not read leaves the heap bounded
 * (the sender is stopped, nothing piles up), and once it reads, every byte arrives.
 */
class MemoryBoundTest extends SocketTestSupport {
    private static final long TOTAL = 256L * 1024 * 1024;
    private static final long HEAP_GROWTH_LIMIT = 64L * 1024 * 1024;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("256 MiB to a socket nobody reads: the sender stops, heap growth stays under 64 MiB, then all arrives")
    void slowReaderBoundsMemory(Transport transport) throws Exception {
        Socket[] pair = connectedPair(transport, AddressFamily.INET);
        System.gc();
        long baseline = heapUsed();
        AtomicLong peak = new AtomicLong();

        // Phase 1: nobody reads. A non-blocking sender is refused (EAGAIN) after a bounded amount.
        pair[0].setBlocking(false);
        byte[] chunk = new byte[1 << 20];
        new Random(7).nextBytes(chunk);
        MessageDigest sentDigest = MessageDigest.getInstance("SHA-256");
        long accepted = 0;
        while (true) {
            int n;
            try {
                n = pair[0].send(chunk);
            } catch (BlockingIOError e) {
                break;
            }
            sentDigest.update(chunk, 0, n);
            accepted += n;
            assertThat(accepted).as("bytes taken with no reader").isLessThan(32L * 1024 * 1024);
        }
        peak.accumulateAndGet(heapUsed() - baseline, Math::max);

        // Phase 2: the rest of the 256 MiB, blocking, while the reader drains and watches the heap.
        pair[0].setBlocking(true);
        long already = accepted;
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<byte[]> done = CompletableFuture.supplyAsync(() -> {
                try {
                    long left = TOTAL - already;
                    while (left > 0) {
                        int n = (int) Math.min(chunk.length, left);
                        byte[] part = n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n);
                        pair[0].sendAll(part);
                        sentDigest.update(part);
                        left -= n;
                    }
                    pair[0].close();
                    return sentDigest.digest();
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, sender);
            MessageDigest got = MessageDigest.getInstance("SHA-256");
            long received = 0;
            long nextSample = 0;
            for (byte[] data = pair[1].recv(65536); data.length > 0; data = pair[1].recv(65536)) {
                got.update(data);
                received += data.length;
                if (received >= nextSample) {
                    peak.accumulateAndGet(heapUsed() - baseline, Math::max);
                    nextSample += 16L * 1024 * 1024;
                }
            }
            assertThat(received).isEqualTo(TOTAL);
            assertThat(got.digest()).isEqualTo(done.get(60, TimeUnit.SECONDS));
        } finally {
            sender.shutdownNow();
        }
        assertThat(peak.get()).as("heap growth while 256 MiB went through a slow reader").isLessThan(HEAP_GROWTH_LIMIT);
    }

    /**
     * The memory the process holds for data: the live heap (collected first, so that garbage from the
     * copies does not count) plus Netty's direct buffers, where the event loops keep what they read.
     */
    private static long heapUsed() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        long direct = io.netty.buffer.ByteBufAllocator.DEFAULT instanceof io.netty.buffer.ByteBufAllocatorMetricProvider
                ? ((io.netty.buffer.ByteBufAllocatorMetricProvider) io.netty.buffer.ByteBufAllocator.DEFAULT).metric().usedDirectMemory()
                : 0;
        return runtime.totalMemory() - runtime.freeMemory() + direct;
    }
}
