package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Python's bind then listen: the address, once bound, stays this socket's (issue 12, Build item 4). */
class ListenTest extends SocketTestSupport {
    private static final int ROUNDS = 150;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#inet")
    @DisplayName("listen binds once: from bind through listen, another socket racing for the port never gets it")
    void portNeverFree(Transport transport, AddressFamily family) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int round = 0; round < ROUNDS && System.nanoTime() < end; round++) {
                Socket server = open(transport, family, SocketType.STREAM);
                server.bind(loopback(family));
                InetSocketAddress address = (InetSocketAddress) server.getSockName();
                AtomicBoolean listening = new AtomicBoolean();
                CountDownLatch racing = new CountDownLatch(1);
                Future<Boolean> other = pool.submit(() -> bindUntil(family, address, listening, racing));
                assertThat(racing.await(5, TimeUnit.SECONDS)).isTrue();
                IOException listenError = null;
                try {
                    server.listen(5);
                } catch (IOException e) {
                    listenError = e;
                } finally {
                    listening.set(true);
                }
                assertThat(other.get(10, TimeUnit.SECONDS)).as("another socket bound %s in round %d", address, round)
                        .isFalse();
                assertThat(listenError).as("listen in round %d", round).isNull();
                assertThat(server.getSockName()).isEqualTo(address);
                server.close();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Binds the address over and over (without SO_REUSEADDR, as most programs do) until told to stop,
     * then once more.
     *
     * @return whether a bind ever succeeded
     */
    private static boolean bindUntil(AddressFamily family, InetSocketAddress address, AtomicBoolean stop,
            CountDownLatch racing) throws IOException {
        racing.countDown();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (int attempt = 0; attempt < 1_000_000 && System.nanoTime() < end; attempt++) {
            boolean last = stop.get();
            try (ServerSocketChannel other = ServerSocketChannel.open(
                    family == AddressFamily.INET6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET)) {
                other.setOption(StandardSocketOptions.SO_REUSEADDR, false);
                other.bind(address);
                return true;
            } catch (BindException e) {
                // Taken, as it should be.
            }
            if (last) {
                return false;
            }
        }
        return false;
    }
}
