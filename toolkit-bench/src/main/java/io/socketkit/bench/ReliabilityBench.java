package io.socketkit.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The reliability benchmarks of docs/reliability.md, against the event-style echo server (epoll, its
 * own JVM):
 *
 * <ul>
 * <li>{@code crowd SECONDS CONNECTIONS}: that many connections at once, each a closed-loop echo client
 *     (64 B), for that long; errors, rate, and the server's heap, resident set and threads before and
 *     after.</li>
 * <li>{@code soak MINUTES CLIENTS}: that many closed-loop clients for that long, the server's heap
 *     (after GC), resident set and threads sampled every 30 s: flat, or not.</li>
 * </ul>
 */
public final class ReliabilityBench {
    private ReliabilityBench() {
    }

    /**
     * Runs one benchmark.
     *
     * @param args see the class comment
     * @throws Exception if the server does not start
     */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int amount = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                EchoServers.class.getName(), "event", "epoll", "tcp").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            PrintWriter in = new PrintWriter(process.getOutputStream(), true);
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(out.readLine().trim()));
            System.out.println("Started " + LocalDateTime.now() + ": " + String.join(" ", args));
            System.out.println();
            System.out.println("| when | round trips/s | errors | server heap (after GC) | server RSS | server threads |");
            System.out.println("| --- | --- | --- | --- | --- | --- |");
            row("before", null, IdleMemory.stats(in, out));
            if (mode.equals("crowd")) {
                LoadGenerator.Result result = LoadGenerator.run(LoadGenerator.Kind.TCP, address, clients, 64, 5_000,
                        amount * 1_000L, true);
                row(clients + " connections, " + amount + " s", result, IdleMemory.stats(in, out));
            } else {
                long window = 30_000;
                long windows = amount * 60_000L / window;
                for (int i = 1; i <= windows; i++) {
                    // One window at a time, the same load each: the server sees a steady crowd.
                    CompletableFuture<LoadGenerator.Result> load = CompletableFuture.supplyAsync(() -> {
                        try {
                            return LoadGenerator.run(LoadGenerator.Kind.TCP, address, clients, 64, 1_000, window, true);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    LoadGenerator.Result result = load.get(window + 60_000, TimeUnit.MILLISECONDS);
                    row(String.format("%.1f min", i * window / 60_000.0), result, IdleMemory.stats(in, out));
                }
            }
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private static void row(String when, LoadGenerator.Result result, long[] stats) {
        System.out.printf("| %s | %s | %s | %.1f MB | %.1f MB | %d |%n", when,
                result == null ? "–" : String.format("%,.0f", result.roundTripsPerSecond()),
                result == null ? "–" : String.valueOf(result.errors()), stats[0] / 1e6, stats[1] / 1e6, stats[2]);
        System.out.flush();
    }
}
