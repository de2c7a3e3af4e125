package io.socketkit.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests per second of TCP echo servers on epoll: the hand-written Netty echo and socketkit's
 * styles, each in its own JVM, loaded by {@link EchoLoad} from this JVM, in interleaved rounds.
 *
 * <p>Usage: {@code ServerBench [seconds=10] [rounds=3] [connections=64] [size=64]}. VIRTUAL_THREADS
 * runs its server on Temurin 25 when {@code /usr/lib/jvm/temurin-25-jdk-amd64} exists, else is left out.
 */
public final class ServerBench {
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    private ServerBench() {
    }

    /**
     * Runs the benchmark and prints a Markdown table.
     *
     * @param args seconds, rounds, connections, size
     * @throws Exception if a server fails
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        List<String> servers = new ArrayList<>(List.of("netty", "event", "threads", "pool", "serial"));
        if (Files.isExecutable(JDK25)) {
            servers.add("virtual");
        }
        Map<String, List<Double>> results = new LinkedHashMap<>();
        servers.forEach(s -> results.put(s, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (String server : servers) {
                Process process = start(server);
                try {
                    int port = readPort(process);
                    results.get(server).add(EchoLoad.run(new InetSocketAddress("127.0.0.1", port), connections, size,
                            2_000, seconds * 1_000L));
                } finally {
                    process.destroy();
                    process.waitFor();
                }
            }
        }
        double netty = median(results.get("netty"));
        System.out.printf("TCP echo on epoll, %d connections, %d-byte messages, closed loop, %d s per measurement"
                + " after 2 s warm-up, %d interleaved rounds%n%n", connections, size, seconds, rounds);
        System.out.println("| server | median round trips/s | min – max | ratio to hand-written Netty |");
        System.out.println("| --- | --- | --- | --- |");
        for (Map.Entry<String, List<Double>> entry : results.entrySet()) {
            List<Double> v = entry.getValue();
            System.out.printf("| %s | %,.0f | %,.0f – %,.0f | %.2f |%n", label(entry.getKey()), median(v),
                    v.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    v.stream().mapToDouble(Double::doubleValue).max().orElse(0), median(v) / netty);
        }
    }

    private static String label(String server) {
        switch (server) {
            case "netty":
                return "hand-written Netty echo (baseline)";
            case "event":
                return "socketkit event handlers";
            case "threads":
                return "socketkit THREADS";
            case "pool":
                return "socketkit boundedPool(64, 64)";
            case "serial":
                return "socketkit SERIAL";
            case "virtual":
                return "socketkit VIRTUAL_THREADS (server on JDK 25)";
            default:
                return server;
        }
    }

    private static Process start(String server) throws Exception {
        String java = server.equals("virtual") ? JDK25.toString()
                : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
        if (server.equals("virtual")) {
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EchoServers.class.getName(), server));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static int readPort(Process process) throws Exception {
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        if (line == null) {
            throw new IllegalStateException("server did not start");
        }
        return Integer.parseInt(line.trim());
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
