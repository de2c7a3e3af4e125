package io.socketkit.examples;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real HAProxy for a test, in plain TCP mode on a free loopback port, round-robin over the given
 * backends, without health checks (each would be a client of the chat). Where the binary is missing the
 * test is skipped, saying so.
 */
final class HaproxyServer implements AutoCloseable {
    private static final List<Path> PLACES = List.of(Path.of("/usr/sbin/haproxy"), Path.of("/usr/bin/haproxy"),
            Path.of("/usr/local/sbin/haproxy"));
    private final Process process;
    private final InetSocketAddress address;
    private final Path log;

    private HaproxyServer(Process process, InetSocketAddress address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /** Starts one in {@code dir} in front of {@code backends}; returns once it has bound its ports (at most 10 s). */
    static HaproxyServer start(Path dir, List<InetSocketAddress> backends) throws Exception {
        Path binary = PLACES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(binary != null, "haproxy is not installed (Debian: apt-get install haproxy; .ci/run does)");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path stats = dir.resolve("haproxy.sock");
        StringBuilder config = new StringBuilder()
                .append("global\n  stats socket ").append(stats).append("\n")
                .append("defaults\n  mode tcp\n  timeout connect 5s\n  timeout client 60s\n  timeout server 60s\n")
                .append("frontend chat\n  bind 127.0.0.1:").append(port).append("\n  default_backend chats\n")
                .append("backend chats\n  balance roundrobin\n");
        for (int i = 0; i < backends.size(); i++) {
            config.append("  server chat").append(i).append(' ').append(backends.get(i).getHostString()).append(':')
                    .append(backends.get(i).getPort()).append('\n');
        }
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config);
        Path log = dir.resolve("haproxy.log");
        Process process = new ProcessBuilder(binary.toString(), "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        HaproxyServer haproxy = new HaproxyServer(process, new InetSocketAddress("127.0.0.1", port), log);
        try {
            // The listeners are all bound before HAProxy starts serving; the stats socket is one of them.
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(stats) || !process.isAlive());
            if (!process.isAlive()) {
                throw new AssertionError("haproxy ended: " + Files.readString(log));
            }
        } catch (RuntimeException | AssertionError e) {
            haproxy.close();
            throw e;
        }
        return haproxy;
    }

    InetSocketAddress address() {
        return address;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
