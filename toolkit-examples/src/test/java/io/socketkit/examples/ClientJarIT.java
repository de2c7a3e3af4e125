package io.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketkit.Socket;
import io.socketkit.Sockets;
import io.socketkit.examples.chat.ChatServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The client from the built jar ends as nc does: when the server closes, with stdin still open. */
class ClientJarIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static Process client(int port) throws Exception {
        return new ProcessBuilder(JAVA, "-jar", ExamplesJarIT.jar().toString(), "client", "--connect", "127.0.0.1:" + port)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    @DisplayName("the server says bye and closes: the client prints it and exits 0 though stdin is still open")
    void serverCloses() throws Exception {
        try (Socket server = Sockets.createServer(new InetSocketAddress("127.0.0.1", 0))) {
            server.setTimeout(Duration.ofSeconds(20));
            Process client = client(((InetSocketAddress) server.getSockName()).getPort());
            try {
                try (Socket conn = server.accept().connection()) {
                    conn.sendAll("bye\n".getBytes(StandardCharsets.UTF_8));
                }
                assertThat(client.waitFor(20, TimeUnit.SECONDS)).as("the client ended with stdin open").isTrue();
                assertThat(client.exitValue()).isZero();
                assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("bye\n");
            } finally {
                client.destroyForcibly();
            }
        }
    }

    @Test
    @DisplayName("chat /quit: the server closes, the client exits 0 though stdin is still open")
    void chatQuit() throws Exception {
        try (ChatServer chat = new ChatServer(ExampleKind.TCP, new InetSocketAddress("127.0.0.1", 0), Sockets.provider(), 4096, 10, null)) {
            Thread serving = new Thread(() -> {
                try {
                    chat.server().serveForever();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "chat");
            serving.start();
            Process client = client(((InetSocketAddress) chat.server().address()).getPort());
            try {
                OutputStream stdin = client.getOutputStream();
                stdin.write("/quit\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                assertThat(client.waitFor(20, TimeUnit.SECONDS)).as("the client ended with stdin open").isTrue();
                assertThat(client.exitValue()).isZero();
                assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("* welcome guest1\n");
            } finally {
                client.destroyForcibly();
                chat.server().shutdown();
                serving.join(20_000);
            }
        }
    }
}
