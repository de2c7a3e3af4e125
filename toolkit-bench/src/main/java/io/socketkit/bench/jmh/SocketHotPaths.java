package io.socketkit.bench.jmh;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketPair;
import io.socketkit.SocketType;
import io.socketkit.netty.NettyProvider;
import io.socketkit.netty.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The blocking socket's hot paths, in one JVM: the hand-off between the event loop and the caller
 * (a 64-byte ping-pong over a connected pair: two sends, two recvs, four hand-offs), the inbound queue
 * (recv of many small pieces already queued), and the datagram path (sendTo / recvFrom on UDP).
 *
 * <p>Run: {@code toolkit-bench/run-jmh.sh} (JMH's own options after it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SocketHotPaths {
    @Param({"nio", "epoll", "io_uring"})
    public String transport;

    private NettyProvider provider;
    private Socket left;
    private Socket right;
    private Socket udpServer;
    private Socket udpClient;
    private final byte[] message = new byte[64];
    private final byte[] chunk = new byte[64 * 1024];

    /**
     * Opens the sockets.
     *
     * @throws IOException if they cannot be opened
     */
    @Setup(Level.Trial)
    public void open() throws IOException {
        provider = NettyProvider.of(Transport.fromName(transport));
        SocketPair pair = provider.socketPair();
        left = pair.first();
        right = pair.second();
        udpServer = provider.socket(AddressFamily.INET, SocketType.DGRAM);
        udpServer.bind(new InetSocketAddress("127.0.0.1", 0));
        udpClient = provider.socket(AddressFamily.INET, SocketType.DGRAM);
        udpClient.connect(udpServer.getSockName());
    }

    /**
     * Closes the sockets and the provider.
     *
     * @throws IOException never
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        left.close();
        right.close();
        udpServer.close();
        udpClient.close();
        provider.close();
    }

    /**
     * One round trip across a Unix stream pair: the hand-off cost.
     *
     * @return the reply
     * @throws IOException if the pair fails
     */
    @Benchmark
    public byte[] pingPong() throws IOException {
        left.sendAll(message);
        right.sendAll(right.recv(64));
        return left.recv(64);
    }

    /**
     * 64 KiB through the pair, read back in 1 KiB pieces: the inbound queue's cost per recv.
     *
     * @return the last piece
     * @throws IOException if the pair fails
     */
    @Benchmark
    public byte[] inboundQueue() throws IOException {
        left.sendAll(chunk);
        byte[] piece = null;
        for (int got = 0; got < chunk.length; got += piece.length) {
            piece = right.recv(1024);
        }
        return piece;
    }

    /**
     * A 64-byte datagram there and back over UDP loopback.
     *
     * @return the reply
     * @throws IOException if a datagram fails
     */
    @Benchmark
    public byte[] datagram() throws IOException {
        udpClient.send(message);
        io.socketkit.Datagram got = udpServer.recvFrom(64);
        udpServer.sendTo(got.data(), got.address());
        return udpClient.recv(64);
    }
}
