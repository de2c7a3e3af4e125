package io.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.AddressFamily;
import io.socketkit.Datagram;
import io.socketkit.ShutdownHow;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.examples.client.ClientCommand;
import io.socketkit.spi.SocketProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The echo example through its command line: every kind × style × transport here, byte for byte. */
class EchoExampleTest {
    @TempDir
    Path tempDir;
    private final ExampleServers servers = new ExampleServers();

    @AfterEach
    void close() throws InterruptedException {
        servers.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of("nio", "epoll", "io_uring", "kqueue").flatMap(t -> Stream.of(ExampleKind.values())
                .flatMap(k -> Stream.of("event", "threads", "virtual", "serial").map(s -> Arguments.of(t, k, s))));
    }

    private String bind(ExampleKind kind) {
        return kind.isUnix() ? tempDir.resolve("echo.sock").toString() : "127.0.0.1:0";
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    @DisplayName("echo --kind K --style S --transport T: prints its listening line, echoes random payloads byte for byte, stops with 0")
    void echo(String transport, ExampleKind kind, String style) throws Exception {
        SocketProvider provider = ExampleServers.provider(transport);
        AddressFamily family = kind.isUnix() ? AddressFamily.UNIX : AddressFamily.INET;
        assumeTrue(style.equals("virtual") ? Runtime.version().feature() >= 21 : true, "virtual threads need Java 21+");
        assumeSupported(provider, family, kind);
        ExampleServers.Running running = servers.start("echo", "--kind", kind.label(), "--style", style,
                "--transport", transport, "--bind", bind(kind));
        String address = Addresses.show(running.server().address());
        assertThat(running.readyLine()).isEqualTo("listening on " + address + " (" + kind.label() + ", " + transport + ", TLS off); Ctrl-C to stop");
        Random random = new Random(kind.ordinal() * 31L + style.hashCode());
        if (kind.type() == SocketType.STREAM) {
            byte[] payload = new byte[256 * 1024];
            random.nextBytes(payload);
            try (Socket client = provider.createConnection(running.server().address(), Duration.ofSeconds(20))) {
                client.sendAll(payload);
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                while (got.size() < payload.length) {
                    byte[] data = client.recv(65536);
                    assertThat(data).as("early end of stream").isNotEmpty();
                    got.writeBytes(data);
                }
                assertThat(got.toByteArray()).isEqualTo(payload);
                client.shutdown(ShutdownHow.SHUT_WR);
            }
        } else {
            try (Socket client = provider.socket(family, SocketType.DGRAM)) {
                client.setTimeout(Duration.ofSeconds(10));
                if (kind.isUnix()) {
                    client.bind(UnixDomainSocketAddress.of(tempDir.resolve("client.sock")));
                }
                for (int i = 0; i < 5; i++) {
                    // Up to 16 KiB: past Python's max_packet_size default, which the echo raises.
                    byte[] payload = new byte[1 + random.nextInt(16384)];
                    random.nextBytes(payload);
                    client.sendTo(payload, running.server().address());
                    Datagram reply = client.recvFrom(65535);
                    assertThat(reply.data()).isEqualTo(payload);
                }
            }
        }
        ExampleServers.stop(running);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clientCases")
    @DisplayName("client <-> echo: stdin goes out, the echo comes back on stdout; datagram kinds one line per datagram")
    void clientRoundTrip(String transport, ExampleKind kind) throws Exception {
        SocketProvider provider = ExampleServers.provider(transport);
        assumeSupported(provider, kind.isUnix() ? AddressFamily.UNIX : AddressFamily.INET, kind);
        ExampleServers.Running running = servers.start("echo", "--kind", kind.label(), "--transport", transport,
                "--bind", bind(kind));
        String input = "first line\nsecond line, with ünïcödé\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClientCommand client = new ClientCommand().withStreams(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
        int exit = new CommandLine(client).execute("--kind", kind.label(), "--transport", transport,
                "--connect", kind.isUnix() ? running.server().address().toString() : Addresses.show(running.server().address()));
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(input);
        ExampleServers.stop(running);
    }

    /** Skips, saying why, where the transport has no such socket (Unix datagrams on NIO, say). */
    private static void assumeSupported(SocketProvider provider, AddressFamily family, ExampleKind kind) {
        try {
            provider.socket(family, kind.type()).close();
        } catch (IOException e) {
            throw new org.opentest4j.TestAbortedException(e.getMessage(), e);
        }
    }

    static Stream<Arguments> clientCases() {
        return Stream.of("nio", "epoll", "io_uring").flatMap(t -> Stream.of(ExampleKind.values()).map(k -> Arguments.of(t, k)));
    }
}
