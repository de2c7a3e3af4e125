package io.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.Sockets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The jar's stderr: one log format for the API and Netty, no per-connection warnings for options a transport lacks. */
class LoggingJarIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** Main.LOG_FORMAT: {@code 12:00:00.000 LEVEL logger - message}. */
    private static final String ONE_FORMAT = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST) [\\w.$]+ - .*";

    @TempDir
    Path tempDir;

    @ParameterizedTest(name = "--style {0}")
    @ValueSource(strings = {"event", "threads"})
    @DisplayName("NIO Unix echo, 20 connections: no 'Unknown channel option', and every log line (the stale-file INFO) in the one format")
    void nioUnixConnections(String style) throws Exception {
        Path path = tempDir.resolve("echo.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path));
        }
        Path stderr = tempDir.resolve("stderr.log");
        Process server = new ProcessBuilder(JAVA, "-jar", ExamplesJarIT.jar().toString(), "echo", "--kind", "unix", "--transport", "nio",
                "--style", style, "--bind", path.toString(), "--replace-stale").redirectError(stderr.toFile()).start();
        try {
            String ready = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(ready).startsWith("listening on " + path);
            for (int i = 0; i < 20; i++) {
                try (Socket client = Sockets.provider("nio").socket(AddressFamily.UNIX, SocketType.STREAM)) {
                    client.setTimeout(Duration.ofSeconds(10));
                    client.connect(UnixDomainSocketAddress.of(path));
                    client.sendAll(new byte[] {'x'});
                    assertThat(client.recv(1)).containsExactly('x');
                }
            }
            server.destroy();
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
            List<String> lines = Files.readAllLines(stderr).stream().filter(l -> !l.isBlank()).toList();
            assertThat(lines).noneMatch(l -> l.contains("Unknown channel option"));
            assertThat(lines).anyMatch(l -> l.contains("removed the stale socket file"));
            assertThat(lines).allMatch(l -> l.matches(ONE_FORMAT), "in the one format");
        } finally {
            server.destroyForcibly();
        }
    }
}
