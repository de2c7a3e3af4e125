package io.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketkit.examples.ping.PingCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code ping}: ICMP echo on a raw socket, printed as {@code ping -c 3} prints. Replies on Java 22+ with
 * epoll as root (the {@code echo-on-jdk25} execution); below Java 22 one line saying what raw sockets
 * need, exit 1.
 */
class PingExampleTest {

    private static int ping(ByteArrayOutputStream out, StringWriter err, String... args) {
        picocli.CommandLine commandLine = Cli.configure(new picocli.CommandLine(
                new PingCommand().withOutput(new PrintStream(out, true, StandardCharsets.UTF_8))));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    @DisplayName("ping -c 3 127.0.0.1: three replies and the statistics, as ping prints them; below Java 22 the reason, exit 1")
    void loopback() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int exit = ping(out, err, "--transport", "epoll", "-c", "3", "-i", "0s", "127.0.0.1");
        String printed = out.toString(StandardCharsets.UTF_8);
        if (Runtime.version().feature() < 22) {
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).contains("EPOLL").contains("Java 22");
            return;
        }
        assertThat(exit).as(printed + err).isZero();
        assertThat(printed).startsWith("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n")
                .containsPattern("64 bytes from 127\\.0\\.0\\.1: icmp_seq=1 ttl=\\d+ time=\\d+\\.\\d{3} ms")
                .containsPattern("icmp_seq=3 ttl=\\d+ time=")
                .contains("--- 127.0.0.1 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss")
                .containsPattern("rtt min/avg/max/mdev = [\\d.]+/[\\d.]+/[\\d.]+/[\\d.]+ ms");
    }

    @Test
    @DisplayName("ping ::1 over ICMPv6 (no IP header on receive), where the JVM can")
    void loopbackV6() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 22, "raw sockets need Java 22+");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int exit = ping(out, err, "--transport", "epoll", "-c", "2", "-i", "0s", "::1");
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed + err).isZero();
        assertThat(printed).containsPattern("64 bytes from [0:1:]+: icmp_seq=2 time=")
                .contains("2 packets transmitted, 2 received, 0% packet loss");
    }
}
