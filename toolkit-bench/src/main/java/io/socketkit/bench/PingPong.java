package io.socketkit.bench;

import io.socketkit.Socket;
import io.socketkit.SocketOption;
import io.socketkit.netty.NettyProvider;
import io.socketkit.netty.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ping-pong round-trip time of small messages over one TCP connection with blocking sockets:
 * socketkit on NIO, epoll and io_uring against the JDK's blocking {@link SocketChannel}, all talking
 * to the same echo server in its own JVM, interleaved round after round (A B C D, A B C D, ...) so
 * that drift on a shared 2-core machine hits every contender alike.
 *
 * <p>Usage: {@code PingPong [roundTrips=50000] [rounds=5] [size=64]}. Prints a Markdown table.
 */
public final class PingPong {
    private PingPong() {
    }

    /** One contender: connects, then does round trips. */
    interface Client extends AutoCloseable {
        void roundTrip() throws IOException;

        @Override
        void close() throws IOException;
    }

    interface ClientFactory {
        Client connect(InetSocketAddress server, byte[] message) throws IOException;
    }

    /**
     * Runs the benchmark.
     *
     * @param args round trips per measurement, rounds, message size
     * @throws Exception if anything fails: a benchmark reports no partial figures
     */
    public static void main(String[] args) throws Exception {
        int roundTrips = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        byte[] message = new byte[size];
        Arrays.fill(message, (byte) 'x');

        Map<String, ClientFactory> contenders = new LinkedHashMap<>();
        contenders.put("JDK SocketChannel (blocking)", JdkClient::new);
        List<NettyProvider> providers = new ArrayList<>();
        for (Transport transport : new Transport[] {Transport.NIO, Transport.EPOLL, Transport.IO_URING}) {
            if (transport.isAvailable()) {
                NettyProvider provider = NettyProvider.of(transport);
                providers.add(provider);
                contenders.put("socketkit " + transport.displayName(), (server, msg) -> new SocketkitClient(provider, server, msg));
            }
        }

        // The design not taken (docs/ARCHITECTURE.md): the caller drives its own event loop.
        contenders.put("prototype: caller-driven nio", (server, msg) -> new CallerDrivenClient(false, server, msg));
        if (Transport.EPOLL.isAvailable()) {
            contenders.put("prototype: caller-driven epoll", (server, msg) -> new CallerDrivenClient(true, server, msg));
        }

        Process echo = startEchoServer();
        try {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", readPort(echo));
            Map<String, List<Double>> micros = new LinkedHashMap<>();
            contenders.keySet().forEach(name -> micros.put(name, new ArrayList<>()));
            // Warm-up: every contender once, unmeasured (JIT, connection setup, page faults).
            for (ClientFactory factory : contenders.values()) {
                measure(factory, server, message, roundTrips);
            }
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, ClientFactory> contender : contenders.entrySet()) {
                    micros.get(contender.getKey()).add(measure(contender.getValue(), server, message, roundTrips));
                }
            }
            print(micros, roundTrips, rounds, size);
        } finally {
            echo.destroy();
            providers.forEach(NettyProvider::close);
        }
    }

    private static double measure(ClientFactory factory, InetSocketAddress server, byte[] message, int roundTrips)
            throws Exception {
        try (Client client = factory.connect(server, message)) {
            long start = System.nanoTime();
            for (int i = 0; i < roundTrips; i++) {
                client.roundTrip();
            }
            return (System.nanoTime() - start) / 1_000.0 / roundTrips;
        }
    }

    private static void print(Map<String, List<Double>> micros, int roundTrips, int rounds, int size) {
        double baseline = median(micros.values().iterator().next());
        System.out.printf("%d-byte ping-pong, one TCP connection, %d round trips per measurement, %d interleaved rounds%n%n",
                size, roundTrips, rounds);
        System.out.println("| client | median µs/round trip | min – max | round trips/s | ratio to JDK (time) |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (Map.Entry<String, List<Double>> entry : micros.entrySet()) {
            List<Double> values = entry.getValue();
            double median = median(values);
            System.out.printf("| %s | %.1f | %.1f – %.1f | %,.0f | %.2f |%n", entry.getKey(), median,
                    values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    values.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    1_000_000 / median, median / baseline);
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static Process startEchoServer() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), JdkEchoServer.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static int readPort(Process echo) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(echo.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the echo server did not start");
        }
        return Integer.parseInt(line.trim());
    }

    /** The JDK's blocking channel: the reference. */
    static final class JdkClient implements Client {
        private final SocketChannel channel;
        private final ByteBuffer out;
        private final ByteBuffer in;

        JdkClient(InetSocketAddress server, byte[] message) throws IOException {
            channel = SocketChannel.open(server);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            out = ByteBuffer.allocateDirect(message.length).put(message);
            in = ByteBuffer.allocateDirect(message.length);
        }

        @Override
        public void roundTrip() throws IOException {
            out.flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            out.limit(out.capacity());
            in.clear();
            while (in.hasRemaining()) {
                if (channel.read(in) < 0) {
                    throw new IOException("echo server closed");
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** A socketkit blocking socket, as a Python programmer would write the loop. */
    static final class SocketkitClient implements Client {
        private final Socket socket;
        private final byte[] message;

        SocketkitClient(NettyProvider provider, InetSocketAddress server, byte[] message) throws IOException {
            socket = provider.createConnection(server, null);
            socket.setOption(SocketOption.TCP_NODELAY, true);
            this.message = message;
        }

        @Override
        public void roundTrip() throws IOException {
            socket.sendAll(message);
            int got = 0;
            while (got < message.length) {
                byte[] data = socket.recv(message.length - got);
                if (data.length == 0) {
                    throw new IOException("echo server closed");
                }
                got += data.length;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
