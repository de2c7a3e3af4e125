package io.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.Socket;
import io.socketkit.Sockets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line's errors, from the built jar: one line on stderr, no stack trace, exit 2 or 1. */
class CliJarIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tempDir;

    /** What a finished process left. */
    record Outcome(int exit, String out, List<String> err) {
    }

    static Outcome run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", ExamplesJarIT.jar().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("cli-out", ".txt");
        Path err = Files.createTempFile("cli-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after 30 s: " + command + "\n" + Files.readString(out));
            }
            return new Outcome(process.exitValue(), Files.readString(out),
                    Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList());
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(List.of("echo", "--transport", "foo"), "unknown transport 'foo' (auto, nio, epoll, io_uring, kqueue)"),
                Arguments.of(List.of("echo", "--bind", "127.0.0.1:99999"), "port 99999 is out of range"),
                Arguments.of(List.of("echo", "--style", "fast"), "unknown style fast"),
                Arguments.of(List.of("echo", "--max-connections", "0"), "--max-connections must be 1 or more, got 0"),
                Arguments.of(List.of("echo", "--grace", "-1s"), "cannot be negative"),
                Arguments.of(List.of("chat", "--idle-timeout", "soon"), "'soon' is not a duration (500ms, 2s, 5m, 1h or PT2S)"),
                Arguments.of(List.of("chat", "--max-line", "-1"), "--max-line must be 1 or more, got -1"),
                Arguments.of(List.of("chat", "--max-clients", "0"), "--max-clients must be 1 or more, got 0"),
                Arguments.of(List.of("chat", "--kind", "udp"), "the chat runs on --kind tcp or unix"),
                Arguments.of(List.of("client", "--connect", "127.0.0.1:7", "--reply-timeout", "0s"), "--reply-timeout must be more than zero"),
                Arguments.of(List.of("echo", "--tls-cert", "c.pem"), "--tls-cert and --tls-key go together"),
                Arguments.of(List.of("echo", "--no-such-option"), "Unknown option: '--no-such-option'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    @DisplayName("a usage error: exit 2, one line on stderr naming the option, no stack trace")
    void usageError(List<String> args, String message) throws Exception {
        Outcome outcome = run(args.toArray(String[]::new));
        assertThat(outcome.exit()).as("exit code; stderr %s", outcome.err()).isEqualTo(2);
        assertThat(outcome.err()).as("stderr").hasSize(1);
        assertThat(outcome.err().get(0)).contains(message).contains("--help");
    }

    static Stream<Arguments> failures() throws IOException {
        return Stream.of(
                Arguments.of(List.of("echo", "--bind", "no-such-host.invalid:7000"), "cannot resolve host no-such-host.invalid"),
                Arguments.of(List.of("echo", "--kind", "unix", "--bind", "/no-such-dir-socketkit/x/echo.sock"), "No such file or directory"),
                Arguments.of(List.of("echo", "--transport", "kqueue"), "KQUEUE"),
                Arguments.of(List.of("echo", "--tls-cert", "/no-such-file.pem", "--tls-key", "/no-such-key.pem", "--bind", "127.0.0.1:0"),
                        "/no-such-file.pem"),
                Arguments.of(List.of("client", "--connect", "127.0.0.1:1"), "Connection refused"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    @DisplayName("a runtime failure: exit 1, one line on stderr saying what failed, no stack trace")
    void failure(List<String> args, String message) throws Exception {
        Outcome outcome = run(args.toArray(String[]::new));
        assertThat(outcome.exit()).as("exit code; stderr %s", outcome.err()).isEqualTo(1);
        assertThat(outcome.err()).as("stderr").hasSize(1);
        assertThat(outcome.err().get(0)).contains(message);
    }

    @Test
    @DisplayName("port in use: exit 1, one line with EADDRINUSE and the address")
    void portInUse() throws Exception {
        try (Socket taken = Sockets.createServer(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) taken.getSockName()).getPort();
            Outcome outcome = run("echo", "--bind", "127.0.0.1:" + port);
            assertThat(outcome.exit()).as("exit code; stderr %s", outcome.err()).isEqualTo(1);
            assertThat(outcome.err()).hasSize(1);
            assertThat(outcome.err().get(0)).contains("Address already in use").contains("127.0.0.1:" + port);
        }
    }

    @Test
    @DisplayName("an unsupported kind × transport: exit 1, one line naming the transports that have it")
    void unsupportedPair() throws Exception {
        Outcome outcome = run("echo", "--kind", "unix-dgram", "--transport", "nio", "--bind", tempDir.resolve("e.sock").toString());
        assertThat(outcome.exit()).as("exit code; stderr %s", outcome.err()).isEqualTo(1);
        assertThat(outcome.err()).hasSize(1);
        assertThat(outcome.err().get(0)).contains("not supported on NIO");
    }

    @Test
    @DisplayName("--style virtual on Java 17-20: exit 1, one line in CLI words (--style), not API constants")
    void virtualBefore21() throws Exception {
        assumeTrue(Runtime.version().feature() < 21, "the jar runs on this JVM, which has virtual threads");
        Outcome outcome = run("echo", "--style", "virtual", "--bind", "127.0.0.1:0");
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.err()).hasSize(1);
        assertThat(outcome.err().get(0)).contains("--style virtual needs Java 21").contains("--style threads")
                .doesNotContain("THREADS").doesNotContain("boundedPool");
    }

    @Test
    @DisplayName("--verbose: the same failure with its stack trace")
    void verbose() throws Exception {
        Outcome outcome = run("client", "--connect", "127.0.0.1:1", "--verbose");
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.err().get(0)).contains("Connection refused");
        assertThat(outcome.err()).anyMatch(l -> l.startsWith("\tat "));
    }

    @Test
    @DisplayName("a stale Unix socket file: the error says --replace-stale; with it the server starts")
    void staleSocketFile() throws Exception {
        Path path = tempDir.resolve("stale.sock");
        // A socket file no process listens on, as a killed server leaves it (the JDK does not unlink on close).
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path));
        }
        assertThat(path).exists();
        Outcome outcome = run("echo", "--kind", "unix", "--bind", path.toString());
        assertThat(outcome.exit()).as("exit code; stderr %s", outcome.err()).isEqualTo(1);
        assertThat(outcome.err()).hasSize(1);
        assertThat(outcome.err().get(0)).contains("Address already in use").contains("--replace-stale");

        Process server = new ProcessBuilder(JAVA, "-jar", ExamplesJarIT.jar().toString(), "echo", "--kind", "unix", "--bind",
                path.toString(), "--replace-stale").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String ready = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(ready).startsWith("listening on " + path + " (unix, ").contains("TLS off); Ctrl-C to stop");
        } finally {
            server.destroy();
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }
}
