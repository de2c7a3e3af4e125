package io.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.Socket;
import io.socketkit.Sockets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;

/** The echo server from the built jar, in its own process: SIGTERM with a client connected, and out of descriptors. */
class EchoJarIT {
    private static final Pattern READY = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(tcp, (\\w+), TLS off\\); Ctrl-C to stop");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** A started server process and its port. */
    private record Server(Process process, int port) {
        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", port);
        }
    }

    private static Server start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher ready = READY.matcher(line == null ? "" : line);
        if (!ready.matches()) {
            process.destroyForcibly();
            throw new AssertionError("ready line: " + line);
        }
        return new Server(process, Integer.parseInt(ready.group(1)));
    }

    private static Socket echoing(Server server) throws IOException {
        Socket client = Sockets.createConnection(server.address(), Duration.ofSeconds(10));
        client.setTimeout(Duration.ofSeconds(10));
        client.sendAll("ping\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(client.recv(100), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
        return client;
    }

    @ParameterizedTest(name = "--style {0}")
    @ValueSource(strings = {"threads", "serial", "event"})
    @DisplayName("SIGTERM with a client that stays connected: exit 0 within --grace and a margin, the client sees the close")
    void sigtermWithAClientConnected(String style) throws Exception {
        Server server = start(new ProcessBuilder(JAVA, "-jar", ExamplesJarIT.jar().toString(), "echo", "--style", style,
                "--bind", "127.0.0.1:0", "--grace", "1s").redirectError(ProcessBuilder.Redirect.DISCARD));
        try (Socket client = echoing(server)) {
            long started = System.nanoTime();
            server.process().destroy();
            assertThat(server.process().waitFor(11, TimeUnit.SECONDS)).as("exited within the grace (1 s) and 10 s").isTrue();
            assertThat(server.process().exitValue()).as("exit code after SIGTERM").isZero();
            assertThat(client.recv(100)).as("the connection was closed").isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ZERO);
        } finally {
            server.process().destroyForcibly();
        }
    }

    /** CPU seconds the process has used, from /proc. */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    static Stream<Arguments> descriptorCases() {
        return Stream.of(Arguments.of("threads", "epoll"), Arguments.of("serial", "epoll"), Arguments.of("event", "epoll"),
                Arguments.of("threads", "nio"), Arguments.of("threads", "io_uring"), Arguments.of("event", "io_uring"));
    }

    @ParameterizedTest(name = "--style {0} --transport {1}")
    @MethodSource("descriptorCases")
    @DisplayName("out of descriptors (prlimit --nofile=140): accept backs off (little CPU, a WARN a second at most), serving resumes once they are free")
    void outOfDescriptors(String style, String transport) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")) && Files.isDirectory(Path.of("/proc/self")),
                "needs util-linux prlimit and /proc (Linux)");
        ExampleServers.provider(transport);
        // No -Dio.netty.iouring.acceptMultiShotEnabled=false for io_uring: socketkit turns Netty's multishot
        // accept off unless the user set it (its EMFILE busy loop, docs/reliability.md), proven here.
        List<String> command = new ArrayList<>(List.of("/usr/bin/prlimit", "--nofile=140:140", JAVA));
        command.addAll(List.of("-jar", ExamplesJarIT.jar().toString(), "echo", "--style", style, "--transport", transport,
                "--bind", "127.0.0.1:0"));
        Path stderr = Files.createTempFile("echo-emfile", ".log");
        Server server = start(new ProcessBuilder(command).redirectError(stderr.toFile()));
        List<Socket> clients = new ArrayList<>();
        long begun = System.nanoTime();
        try {
            // 140 descriptors, some 25–40 the JVM's own: 150 connections run the server out, even a
            // SERIAL one (its accept queue holds 128), and the kernel's backlog (128) completes the
            // handshakes of those it cannot accept, even where each served connection costs 4
            // descriptors (a THREADS connection's thread sleeps in an epoll set of its own: 3 more).
            for (int i = 0; i < 150; i++) {
                clients.add(Sockets.createConnection(server.address(), Duration.ofSeconds(10)));
            }
            long pid = server.process().pid();
            double before = cpuSeconds(pid);
            long started = System.nanoTime();
            // Three seconds out of descriptors, measured by the server's own CPU time.
            server.process().waitFor(3, TimeUnit.SECONDS);
            double used = cpuSeconds(pid) - before;
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(used / seconds).as("CPU share while out of descriptors (a busy accept loop takes ~1.0)").isLessThan(0.25);
            if (!style.equals("event")) {
                // The event style's back-off is Netty's own, which logs its own way.
                List<String> warnings = Files.readAllLines(stderr).stream().filter(l -> l.contains("accept failed")).toList();
                double alive = (System.nanoTime() - begun) / 1e9;
                assertThat(warnings).as("WARN lines about failed accepts").isNotEmpty()
                        .hasSizeLessThanOrEqualTo((int) Math.ceil(alive) + 2);
                assertThat(warnings.get(0)).contains("EMFILE");
                Pattern more = Pattern.compile("and (\\d+) more since");
                for (String warning : warnings) {
                    Matcher count = more.matcher(warning);
                    // Accept attempts between two lines: a few, not thousands.
                    assertThat(count.find() ? Integer.parseInt(count.group(1)) : 0).as(warning).isLessThanOrEqualTo(10);
                }
            }
            for (Socket client : clients) {
                client.close();
            }
            clients.clear();
            try (Socket client = echoing(server)) {
                assertThat(client.getPeerName()).isEqualTo(server.address());
            }
            server.process().destroy();
            assertThat(server.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            for (Socket client : clients) {
                client.close();
            }
            server.process().destroyForcibly();
            Files.delete(stderr);
        }
    }
}
