package io.socketkit.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Memory per idle connection: N idle TCP connections to an echo server (the hand-written Netty one,
 * and socketkit's event style), the server's live heap and resident set before and after, divided by N.
 * Interleaved rounds. Usage: {@code IdleMemory [connections=10000] [rounds=3] [server...]}, servers as
 * {@link EchoServers} names (default {@code netty event}); a name {@code base-NAME} runs NAME from the
 * build of an earlier commit whose {@code toolkit-bench/target} the environment's {@code BASELINE} names,
 * so that before and after are measured in one invocation. Ratios are to the first server.
 */
public final class IdleMemory {
    private IdleMemory() {
    }

    /**
     * Runs the measurement and prints a Markdown table.
     *
     * @param args connections, rounds
     * @throws Exception if a server fails
     */
    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String[] servers = args.length > 2 ? java.util.Arrays.copyOfRange(args, 2, args.length) : new String[] {"netty", "event"};
        double[][] heap = new double[servers.length][rounds];
        double[][] rss = new double[servers.length][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int s = 0; s < servers.length; s++) {
                long[] perConnection = measure(servers[s], connections);
                heap[s][round] = perConnection[0];
                rss[s][round] = perConnection[1];
            }
        }
        System.out.printf("%,d idle TCP connections on epoll, %d interleaved rounds; bytes per connection (median)%n%n",
                connections, rounds);
        System.out.println("| server | live heap per connection | RSS per connection | heap ratio to " + servers[0]
                + " | RSS ratio to " + servers[0] + " |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (int s = 0; s < servers.length; s++) {
            System.out.printf("| %s | %,.0f B | %,.0f B | %.2f | %.2f |%n",
                    servers[s], median(heap[s]), median(rss[s]),
                    median(heap[s]) / median(heap[0]), median(rss[s]) / median(rss[0]));
        }
    }

    private static long[] measure(String server, int connections) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        if (server.startsWith("base-")) {
            String baseline = System.getenv("BASELINE");
            classPath = baseline + "/classes:" + baseline + "/lib/*";
            server = server.substring("base-".length());
        }
        Process process = new ProcessBuilder(java, "-Xmx2g", "-cp", classPath,
                EchoServers.class.getName(), server, "epoll", "tcp").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        List<Channel> channels = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            PrintWriter in = new PrintWriter(process.getOutputStream(), true);
            int port = Integer.parseInt(out.readLine().trim());
            Bootstrap bootstrap = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .handler(new Idle());
            // Warm-up: the accept path's classes, JIT code and buffer pools are made before the
            // baseline, so that the difference is what the connections themselves hold.
            List<Channel> warmup = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                warmup.add(bootstrap.connect(new InetSocketAddress("127.0.0.1", port)).sync().channel());
            }
            for (Channel channel : warmup) {
                channel.close().sync();
            }
            Thread.sleep(1_000);
            long[] before = stats(in, out);
            for (int i = 0; i < connections; i++) {
                channels.add(bootstrap.connect(new InetSocketAddress("127.0.0.1", port)).sync().channel());
            }
            // The server accepts asynchronously: measure until two readings agree.
            long[] after = stats(in, out);
            for (int i = 0; i < 20; i++) {
                Thread.sleep(500);
                long[] again = stats(in, out);
                boolean settled = Math.abs(again[1] - after[1]) < after[1] / 100;
                after = again;
                if (settled) {
                    break;
                }
            }
            return new long[] {(after[0] - before[0]) / connections, (after[1] - before[1]) / connections};
        } finally {
            for (Channel channel : channels) {
                channel.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            process.destroy();
            process.waitFor();
        }
    }

    /** Does nothing: the connections stay idle. Shared, having no state. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class Idle extends ChannelInboundHandlerAdapter {
    }

    /** Asks a server started from {@link EchoServers} for its heap (after GC), resident set and threads. */
    static long[] stats(PrintWriter in, BufferedReader out) throws Exception {
        in.println("stats");
        String line = out.readLine();
        String[] parts = line.split(" ");
        return new long[] {Long.parseLong(parts[0].substring(5)), Long.parseLong(parts[1].substring(4)),
            Long.parseLong(parts[2].substring(8))};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
