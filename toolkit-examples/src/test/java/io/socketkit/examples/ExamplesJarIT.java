package io.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketkit.Socket;
import io.socketkit.Sockets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The built jar, as a user runs it: a separate process, its listening line, a conversation, SIGTERM. */
class ExamplesJarIT {
    private static final Pattern READY = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\((tcp), (\\w+), TLS off\\); Ctrl-C to stop");

    static Path jar() {
        Path jar = Path.of(System.getProperty("examples.jar", "target/toolkit-examples.jar"));
        assertThat(jar).as("the shaded jar is built by package").exists();
        return jar;
    }

    @Test
    @DisplayName("java -jar toolkit-examples.jar chat: one listening line, the chat answers, SIGTERM stops it with exit code 0")
    void chatFromTheJar() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", jar().toString(), "chat", "--bind", "127.0.0.1:0")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher ready = READY.matcher(line == null ? "" : line);
            assertThat(ready.matches()).as("ready line: %s", line).isTrue();
            int port = Integer.parseInt(ready.group(1));
            try (Socket client = Sockets.createConnection(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(10))) {
                assertThat(new String(client.recv(100), StandardCharsets.UTF_8)).isEqualTo("* welcome guest1\n");
                client.sendAll("/who\n".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(client.recv(100), StandardCharsets.UTF_8)).isEqualTo("* online: guest1\n");
            }
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("exit code after SIGTERM").isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    @DisplayName("java -jar toolkit-examples.jar selftest: a table, exit code 0 where NIO works")
    void selftestFromTheJar() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = Files.createTempFile("selftest", ".txt");
        Process process = new ProcessBuilder(java, "-jar", jar().toString(), "selftest")
                .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        String table = Files.readString(output);
        assertThat(table).contains("| transport | tcp | udp | unix | unix-dgram |").contains("| nio | ok | ok | ok |");
        Files.delete(output);
    }
}
