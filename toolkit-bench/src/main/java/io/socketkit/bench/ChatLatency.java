package io.socketkit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What Redis adds to a chat line: the time from a client's write of a line to another client's read of
 * it, one line in flight at a time, for three paths: a chat alone (no {@code --cluster}); two chat
 * servers sharing one Redis, the receiver on the talker's server; and the receiver on the other server.
 * Everything runs on this machine: a redis-server on a free loopback port (no persistence, temp dir), the
 * chat servers each in their own JVM from the examples jar, the clients here (plain blocking sockets,
 * one reader thread each, timestamps from this JVM's clock). Prints a Markdown table.
 *
 * <p>Usage: {@code ChatLatency JAR [lines=3000] [warmup=1000] [redis-server=redis-server]}.
 */
public final class ChatLatency {
    /** The longest a line may take before the run gives up. */
    private static final long LINE_TIMEOUT_SECONDS = 5;

    private ChatLatency() {
    }

    /** A chat client whose reader thread stamps each {@code NICK: N} line's arrival. */
    static final class Client implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final long[] arrived;
        final Semaphore lines = new Semaphore(0);
        final java.util.concurrent.CountDownLatch welcomed = new java.util.concurrent.CountDownLatch(1);
        final Thread reader;

        Client(int port, int capacity) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            arrived = new long[capacity];
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            reader = new Thread(() -> {
                try {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        int colon = line.indexOf(": ");
                        if (line.startsWith("* welcome ")) {
                            welcomed.countDown();
                        } else if (!line.startsWith("*") && colon > 0) {
                            arrived[Integer.parseInt(line.substring(colon + 2))] = System.nanoTime();
                            lines.release();
                        }
                    }
                } catch (IOException e) {
                    // The run closes the socket at its end; a failure before then shows as a line timeout.
                    lines.release(Integer.MAX_VALUE / 2);
                }
            }, "chat-latency-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                if (!welcomed.await(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("no welcome from the chat on port " + port + " in " + LINE_TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while joining", e);
            }
        }

        void send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Starts a chat server from the jar; returns its port once it listens. */
    private static Process chat(Path jar, List<Process> started, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "chat", "--bind", "127.0.0.1:0"));
        command.addAll(List.of(extra));
        Path log = Files.createTempFile("chat-latency-server", ".log");
        System.out.println("a chat server's log: " + log);
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        started.add(process);
        return process;
    }

    private static int port(Process chat) throws IOException {
        String ready = new BufferedReader(new InputStreamReader(chat.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (ready == null) {
            throw new IOException("the chat server ended before listening");
        }
        return Integer.parseInt(ready.replaceAll("listening on 127\\.0\\.0\\.1:(\\d+) .*", "$1"));
    }

    /**
     * Sends {@code warmup + lines} lines from {@code talker}, one at a time, each once every receiver has
     * it; returns each receiver's latencies in microseconds for the last {@code lines}.
     */
    private static List<Histogram> measure(Client talker, int warmup, int lines, Client... receivers) throws Exception {
        List<Histogram> histograms = new ArrayList<>();
        for (int r = 0; r < receivers.length; r++) {
            histograms.add(new Histogram(TimeUnit.SECONDS.toMicros(LINE_TIMEOUT_SECONDS), 3));
        }
        for (int i = 0; i < warmup + lines; i++) {
            long sent = System.nanoTime();
            talker.send(Integer.toString(i));
            for (int r = 0; r < receivers.length; r++) {
                if (!receivers[r].lines.tryAcquire(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("line " + i + " did not reach receiver " + r + " in " + LINE_TIMEOUT_SECONDS + " s");
                }
                if (i >= warmup) {
                    histograms.get(r).recordValue(Math.max(0, (receivers[r].arrived[i] - sent) / 1000));
                }
            }
        }
        return histograms;
    }

    private static void row(String path, Histogram h) {
        System.out.printf("| %s | %,d | %d | %d | %d |%n", path, h.getTotalCount(), h.getValueAtPercentile(50),
                h.getValueAtPercentile(99), h.getMaxValue());
    }

    /**
     * Runs the measurement.
     *
     * @param args the examples jar, then optionally the measured lines, the warm-up lines and the redis-server binary
     * @throws Exception if a server fails or a line is lost
     */
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        String redisBinary = args.length > 3 ? args[3] : "redis-server";
        int redisPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            redisPort = probe.getLocalPort();
        }
        Path dir = Files.createTempDirectory("chat-latency");
        List<Process> started = new ArrayList<>();
        List<Client> clients = new ArrayList<>();
        try {
            Process redis = new ProcessBuilder(redisBinary, "--port", Integer.toString(redisPort), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", dir.toString(), "--logfile", "").redirectErrorStream(true).start();
            started.add(redis);
            BufferedReader redisOut = new BufferedReader(new InputStreamReader(redis.getInputStream(), StandardCharsets.UTF_8));
            for (String line = redisOut.readLine(); line == null || !line.contains("Ready to accept connections"); line = redisOut.readLine()) {
                if (line == null) {
                    throw new IOException("redis-server ended before it was ready");
                }
            }
            String cluster = "redis://127.0.0.1:" + redisPort;
            Process alone = chat(jar, started);
            Process a = chat(jar, started, "--cluster", cluster);
            Process b = chat(jar, started, "--cluster", cluster);
            int alonePort = port(alone);
            int aPort = port(a);
            int bPort = port(b);
            int capacity = warmup + lines;
            Client aloneTalker = new Client(alonePort, capacity);
            Client aloneReceiver = new Client(alonePort, capacity);
            Client talker = new Client(aPort, capacity);
            Client sameServer = new Client(aPort, capacity);
            Client otherServer = new Client(bPort, capacity);
            clients.addAll(List.of(aloneTalker, aloneReceiver, talker, sameServer, otherServer));
            Histogram aloneLatency = measure(aloneTalker, warmup, lines, aloneReceiver).get(0);
            List<Histogram> clustered = measure(talker, warmup, lines, sameServer, otherServer);
            System.out.printf("%,d lines, one in flight, after %,d of warm-up; microseconds from the talker's write to the receiver's read%n%n",
                    lines, warmup);
            System.out.println("| path | lines | p50 µs | p99 µs | max µs |");
            System.out.println("| --- | ---: | ---: | ---: | ---: |");
            row("chat alone (no --cluster)", aloneLatency);
            row("--cluster, receiver on the talker's server", clustered.get(0));
            row("--cluster, receiver on the other server (through Redis)", clustered.get(1));
        } finally {
            for (Client client : clients) {
                client.close();
            }
            // The chat servers first, Redis last: they would log its loss.
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).destroy();
            }
            for (Process process : started) {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
