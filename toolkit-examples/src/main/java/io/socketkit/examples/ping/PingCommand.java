package io.socketkit.examples.ping;

import io.socketkit.AddressFamily;
import io.socketkit.Datagram;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.Sockets;
import io.socketkit.TimeoutError;
import io.socketkit.examples.Converters;
import io.socketkit.examples.Transports;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ping HOST}: ICMP echo on a raw socket ({@code SOCK_RAW}, {@code IPPROTO_ICMP} or
 * {@code IPPROTO_ICMPV6}), printed as {@code ping -c 3} prints. Raw sockets need the epoll transport,
 * Java 22+ and {@code CAP_NET_RAW}; elsewhere the error says which is missing (exit 1).
 */
@Command(name = "ping", mixinStandardHelpOptions = true, description = "Sends ICMP echo requests on a raw socket, as ping -c does.")
public final class PingCommand implements Callable<Integer> {
    private static final int PAYLOAD = 56;

    @Parameters(index = "0", paramLabel = "HOST", description = "the host to ping, IPv4 or IPv6")
    private String host;

    @Option(names = {"-c", "--count"}, defaultValue = "3", description = "how many requests (default: ${DEFAULT-VALUE})")
    private int count;

    @Option(names = {"-i", "--interval"}, defaultValue = "1s", converter = Converters.DurationConverter.class,
            description = "time between requests (default: ${DEFAULT-VALUE})")
    private Duration interval;

    @Option(names = {"-W", "--timeout"}, defaultValue = "1s", converter = Converters.DurationConverter.class,
            description = "how long to wait for each reply (default: ${DEFAULT-VALUE})")
    private Duration timeout;

    @Option(names = "--transport", defaultValue = "auto", converter = Converters.TransportConverter.class,
            description = "auto, nio, epoll, io_uring or kqueue (default: ${DEFAULT-VALUE}; raw sockets need epoll)")
    private String transport;

    private PrintStream out = System.out;

    /** For picocli. */
    public PingCommand() {
    }

    /**
     * Where the lines go instead of stdout (tests).
     *
     * @param out the stream
     * @return this command
     */
    public PingCommand withOutput(PrintStream out) {
        this.out = out;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--count < 1: " + count);
        }
        InetAddress target = InetAddress.getByName(host);
        boolean v6 = target instanceof Inet6Address;
        int id = (int) (ProcessHandle.current().pid() & 0xffff);
        List<Double> times = new ArrayList<>();
        long started = System.nanoTime();
        try (Socket icmp = Transports.provider(transport).socket(v6 ? AddressFamily.INET6 : AddressFamily.INET,
                SocketType.RAW, v6 ? Sockets.IPPROTO_ICMPV6 : Sockets.IPPROTO_ICMP)) {
            out.printf("PING %s (%s) %d(%d) bytes of data.%n", host, target.getHostAddress(), PAYLOAD, PAYLOAD + 8 + (v6 ? 40 : 20));
            for (int seq = 1; seq <= count; seq++) {
                long sent = System.nanoTime();
                icmp.sendTo(EchoMessages.request(v6, id, seq, PAYLOAD), new InetSocketAddress(target, 0));
                Reply reply = awaitReply(icmp, v6, id, seq, sent);
                if (reply != null) {
                    double millis = (reply.nanos - sent) / 1e6;
                    times.add(millis);
                    out.printf(Locale.ROOT, "%d bytes from %s: icmp_seq=%d%s time=%.3f ms%n", reply.bytes,
                            reply.from.getHostAddress(), seq, reply.ttl < 0 ? "" : " ttl=" + reply.ttl, millis);
                }
                if (seq < count) {
                    // Pacing between requests, as ping does; not waiting for an event.
                    Thread.sleep(Math.max(0, interval.toMillis() - (System.nanoTime() - sent) / 1_000_000));
                }
            }
        }
        printStatistics(times, (System.nanoTime() - started) / 1_000_000);
        return times.isEmpty() ? 1 : 0;
    }

    /** A reply of ours: its size (ICMP header and data), sender, TTL (-1 where unknown) and arrival. */
    private static final class Reply {
        final int bytes;
        final InetAddress from;
        final int ttl;
        final long nanos;

        Reply(int bytes, InetAddress from, int ttl, long nanos) {
            this.bytes = bytes;
            this.from = from;
            this.ttl = ttl;
            this.nanos = nanos;
        }
    }

    /** Reads until our reply arrives (others' ICMP and our own request on loopback are skipped), or the timeout. */
    private Reply awaitReply(Socket icmp, boolean v6, int id, int seq, long sent) throws Exception {
        long deadline = sent + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            icmp.setTimeout(Duration.ofNanos(left));
            Datagram packet;
            try {
                packet = icmp.recvFrom(65535);
            } catch (TimeoutError e) {
                return null;
            }
            long arrived = System.nanoTime();
            ByteBuffer data = ByteBuffer.wrap(packet.data());
            // IPv4 raw sockets receive the IP header (its length in the low nibble of the first byte); IPv6 ones do not.
            int offset = v6 ? 0 : (data.get(0) & 0x0f) * 4;
            int ttl = v6 ? -1 : data.get(8) & 0xff;
            if (EchoMessages.isReply(data, offset, v6, id, seq)) {
                return new Reply(data.limit() - offset, ((InetSocketAddress) packet.address()).getAddress(), ttl, arrived);
            }
        }
    }

    private void printStatistics(List<Double> times, long elapsedMillis) {
        out.printf("%n--- %s ping statistics ---%n", host);
        int received = times.size();
        out.printf("%d packets transmitted, %d received, %d%% packet loss, time %dms%n", count, received,
                (count - received) * 100 / count, elapsedMillis);
        if (received > 0) {
            double min = times.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double max = times.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double avg = times.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double mdev = Math.sqrt(times.stream().mapToDouble(t -> (t - avg) * (t - avg)).average().orElse(0));
            out.printf(Locale.ROOT, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms%n", min, avg, max, mdev);
        }
    }
}
