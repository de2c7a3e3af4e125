package io.socketkit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side: for each transport × kind × load, each server (socketkit's styles and the
 * baselines) in its own JVM, measured by {@link LoadGenerator} in interleaved rounds; medians and the
 * ratio to the hand-written Netty server on the same transport and kind. Writes a Markdown report and,
 * from its table, a small chart of the ratios per transport ({@link BenchCharts}:
 * {@code PREFIX-nio.png}, {@code PREFIX-epoll.png}, ...).
 *
 * <p>Usage: {@code BenchRunner OUT.md PREFIX [seconds=5] [rounds=3] [transports=nio,epoll,io_uring]
 * [kinds=tcp,unix,udp] [loads=64x64,16384x16,64x1] [servers=all]}; {@code servers} is a comma-separated
 * list of server names (netty, event, threads, virtual, serial, jdk, jdk-virtual, python, worker) to measure only
 * those; {@code all} is every one but {@code worker} (the event style replying from another thread, asked for by name).
 */
public final class BenchRunner {
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    private static final List<String> KNOWN = List.of("netty", "event", "threads", "virtual", "serial", "jdk",
            "jdk-virtual", "python", "worker");
    /** The lines between which the runner writes its report into an existing file. */
    static final String START = "<!-- BenchRunner: start (generated, do not edit by hand) -->";
    static final String END = "<!-- BenchRunner: end -->";

    private BenchRunner() {
    }

    /** One server to measure. */
    record Server(String name, String label) {
    }

    /** One cell: transport, kind, load. */
    record Cell(String transport, String kind, int size, int clients) {
        String load() {
            return clients == 1 ? size + " B ping-pong, 1 client" : size + " B × " + clients + " clients";
        }
    }

    /**
     * Runs the matrix.
     *
     * @param args see the class comment
     * @throws Exception if a server fails to start
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String chartPrefix = args[1];
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<String> transports = List.of((args.length > 4 ? args[4] : "nio,epoll,io_uring").split(","));
        List<String> kinds = List.of((args.length > 5 ? args[5] : "tcp,unix,udp").split(","));
        List<Cell> cells = new ArrayList<>();
        for (String transport : transports) {
            for (String kind : kinds) {
                for (String load : (args.length > 6 ? args[6] : "64x64,16384x16,64x1").split(",")) {
                    String[] parts = load.split("x");
                    cells.add(new Cell(transport, kind, Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
                }
            }
        }
        List<String> only = args.length > 7 && !args[7].equals("all") ? List.of(args[7].split(",")) : null;
        if (only != null && !KNOWN.containsAll(only)) {
            throw new IllegalArgumentException("servers must be among " + KNOWN + ": " + only);
        }
        Map<Cell, Map<Server, List<LoadGenerator.Result>>> results = new LinkedHashMap<>();
        for (Cell cell : cells) {
            List<Server> servers = servers(cell);
            servers.removeIf(s -> only == null ? s.name().equals("worker") : !only.contains(s.name()));
            Map<Server, List<LoadGenerator.Result>> byServer = new LinkedHashMap<>();
            servers.forEach(s -> byServer.put(s, new ArrayList<>()));
            results.put(cell, byServer);
            for (int round = 0; round < rounds; round++) {
                for (Server server : servers) {
                    byServer.get(server).add(measure(server, cell, seconds));
                }
            }
            System.err.println("done: " + cell);
        }
        String report = report(results, seconds, rounds,
                String.join(" ", List.of(args).subList(2, args.length))) + targets(results);
        write(out, report);
        BenchCharts.write(BenchCharts.parse(report), BenchCharts.measuredOn(report), chartPrefix);
        System.out.print(report);
    }

    /**
     * Puts the report into a file: between the {@link #START} and {@link #END} lines if the file has
     * them (so that the hand-written sections around it stay), or as the whole file.
     */
    static void write(Path out, String report) throws IOException {
        String text = Files.exists(out) ? Files.readString(out) : "";
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        if (start >= 0 && end > start) {
            text = text.substring(0, start + START.length()) + "\n" + report + text.substring(end);
        } else {
            text = START + "\n" + report + END + "\n";
        }
        Files.writeString(out, text);
    }

    /** Which servers make sense for a cell. */
    static List<Server> servers(Cell cell) {
        List<Server> servers = new ArrayList<>();
        servers.add(new Server("netty", "hand-written Netty"));
        servers.add(new Server("event", "socketkit event"));
        servers.add(new Server("worker", "socketkit event, replies from another thread"));
        boolean stream = !cell.kind().equals("udp");
        if (stream) {
            servers.add(new Server("threads", "socketkit threads"));
            if (Files.isExecutable(JDK25)) {
                servers.add(new Server("virtual", "socketkit virtual (JDK 25)"));
            }
            if (cell.clients() == 1) {
                servers.add(new Server("serial", "socketkit serial"));
            }
            servers.add(new Server("jdk", "JDK thread per connection"));
            if (Files.isExecutable(JDK25)) {
                servers.add(new Server("jdk-virtual", "JDK virtual threads (JDK 25)"));
            }
            if (cell.kind().equals("tcp") && python() != null) {
                servers.add(new Server("python", "Python ThreadingTCPServer"));
            }
        } else {
            servers.add(new Server("serial", "socketkit serial"));
            servers.add(new Server("jdk", "JDK DatagramChannel, one thread"));
        }
        return servers;
    }

    private static String python() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "python3"))) {
                return Path.of(dir, "python3").toString();
            }
        }
        return null;
    }

    private static LoadGenerator.Result measure(Server server, Cell cell, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("socketkit-bench");
        Path socketPath = dir.resolve("s.sock");
        Process process = start(server, cell, socketPath);
        try {
            String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            if (line == null) {
                throw new IllegalStateException(server + " did not start for " + cell);
            }
            SocketAddress address = cell.kind().startsWith("unix") ? UnixDomainSocketAddress.of(line.trim())
                    : new InetSocketAddress("127.0.0.1", Integer.parseInt(line.trim()));
            LoadGenerator.Kind kind = cell.kind().equals("tcp") ? LoadGenerator.Kind.TCP
                    : cell.kind().equals("unix") ? LoadGenerator.Kind.UNIX
                    : cell.kind().equals("udp") ? LoadGenerator.Kind.UDP : LoadGenerator.Kind.UNIX_DGRAM;
            return LoadGenerator.run(kind, address, cell.clients(), cell.size(), 2_000, seconds * 1_000L, false);
        } finally {
            process.destroy();
            process.waitFor();
            Files.deleteIfExists(socketPath);
            Files.deleteIfExists(dir);
        }
    }

    private static Process start(Server server, Cell cell, Path socketPath) throws IOException {
        String java17 = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>();
        boolean on25 = server.name().contains("virtual");
        if (server.name().equals("python")) {
            command.addAll(List.of(python(), "toolkit-bench/src/main/python/echo_server.py"));
        } else {
            command.add(on25 ? JDK25.toString() : java17);
            command.add("-Xmx1g");
            if (on25) {
                command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
            }
            command.addAll(List.of("-cp", classpath));
            if (server.name().startsWith("jdk")) {
                command.addAll(List.of(JdkEchoServer.class.getName(), cell.kind(), on25 ? "virtual" : "platform",
                        socketPath.toString()));
            } else {
                command.addAll(List.of(EchoServers.class.getName(), server.name(), cell.transport(), cell.kind(),
                        socketPath.toString()));
            }
        }
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static double median(List<LoadGenerator.Result> results, java.util.function.ToDoubleFunction<LoadGenerator.Result> f) {
        double[] sorted = results.stream().mapToDouble(f).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    static String report(Map<Cell, Map<Server, List<LoadGenerator.Result>>> results, int seconds, int rounds, String args) {
        StringBuilder md = new StringBuilder();
        md.append("Command: `toolkit-bench/run-bench.sh ").append(args).append("` (").append(LocalDate.now())
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, JDK ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append("). Each server in its own JVM; load by `LoadGenerator` ")
                .append("(Netty epoll, closed loop) after 2 s warm-up, ").append(seconds).append(" s measured, ")
                .append(rounds).append(" interleaved rounds; medians; each figure is the median of the rounds.\n\n");
        md.append("| transport | kind | load | server | round trips/s | min – max | MB/s | p50 µs | p99 µs | p99.9 µs | errors | ratio to Netty |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Map.Entry<Cell, Map<Server, List<LoadGenerator.Result>>> cell : results.entrySet()) {
            double netty = 0;
            for (Map.Entry<Server, List<LoadGenerator.Result>> entry : cell.getValue().entrySet()) {
                List<LoadGenerator.Result> r = entry.getValue();
                double rate = median(r, LoadGenerator.Result::roundTripsPerSecond);
                if (entry.getKey().name().equals("netty")) {
                    netty = rate;
                }
                md.append(String.format("| %s | %s | %s | %s | %,.0f | %,.0f – %,.0f | %.1f | %.0f | %.0f | %.0f | %d | %.2f |%n",
                        cell.getKey().transport(), cell.getKey().kind(), cell.getKey().load(), entry.getKey().label(), rate,
                        r.stream().mapToDouble(LoadGenerator.Result::roundTripsPerSecond).min().orElse(0),
                        r.stream().mapToDouble(LoadGenerator.Result::roundTripsPerSecond).max().orElse(0),
                        median(r, LoadGenerator.Result::megabytesPerSecond), median(r, LoadGenerator.Result::p50Micros),
                        median(r, LoadGenerator.Result::p99Micros), median(r, LoadGenerator.Result::p999Micros),
                        r.stream().mapToLong(LoadGenerator.Result::errors).sum(), netty == 0 ? 0 : rate / netty));
            }
        }
        return md.toString();
    }

    /**
     * The targets, cell by cell: event style against hand-written Netty, the thread styles
     * against the JDK servers, every style against Python.
     */
    static String targets(Map<Cell, Map<Server, List<LoadGenerator.Result>>> results) {
        StringBuilder md = new StringBuilder("\n#### Targets, cell by cell (from the table above)\n\n");
        md.append("| transport | kind | load | event ÷ Netty (≥ 0.95) | threads ÷ JDK (≥ 1.0) | virtual ÷ JDK virtual (≥ 1.0) "
                + "| event, threads, virtual ÷ Python (≥ 2) |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Map.Entry<Cell, Map<Server, List<LoadGenerator.Result>>> cell : results.entrySet()) {
            Map<String, Double> rate = new LinkedHashMap<>();
            cell.getValue().forEach((server, r) -> rate.put(server.name(), median(r, LoadGenerator.Result::roundTripsPerSecond)));
            Cell c = cell.getKey();
            md.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", c.transport(), c.kind(), c.load(),
                    verdict(rate, "event", "netty", 0.95), verdict(rate, "threads", "jdk", 1.0),
                    verdict(rate, "virtual", "jdk-virtual", 1.0),
                    rate.containsKey("python") ? ratio(rate, "event", "python") + ", " + ratio(rate, "threads", "python")
                            + ", " + ratio(rate, "virtual", "python") : "–"));
        }
        return md.toString();
    }

    private static String verdict(Map<String, Double> rate, String style, String baseline, double target) {
        if (!rate.containsKey(style) || !rate.containsKey(baseline)) {
            return "–";
        }
        double ratio = rate.get(style) / rate.get(baseline);
        return String.format("%.2f %s", ratio, ratio >= target ? "met" : "**missed**");
    }

    private static String ratio(Map<String, Double> rate, String style, String baseline) {
        return rate.containsKey(style) ? String.format("%.2f", rate.get(style) / rate.get(baseline)) : "–";
    }
}
