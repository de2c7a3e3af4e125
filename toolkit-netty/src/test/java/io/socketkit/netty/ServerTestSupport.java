package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.server.Concurrency;
import io.socketkit.server.Connection;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerKind;
import io.socketkit.server.SocketServer;
import io.socketkit.server.StreamEventHandler;
import io.socketkit.server.StreamRequestHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * What the server tests share: servers serving on their own threads, clients with timeouts, the two
 * echo handlers, and the assertions "echoed" and "closed by the server". After each test the clients
 * close first (a request handler waits for its client, and {@code close()} for the handlers), then the
 * servers, then the threads.
 */
abstract class ServerTestSupport extends SocketTestSupport {
    static final Duration WAIT = Duration.ofSeconds(10);
    /** Blocking tasks get their own threads: the common pool may have a single worker on 2 cores. */
    final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<SocketServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        closeSockets();
        servers.forEach(SocketServer::close);
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Request style: echoes lines until end of stream. */
    static final class Lines extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            for (byte[] line = readLine(); line.length > 0; line = readLine()) {
                wfile.write(line);
                wfile.flush();
            }
        }
    }

    /** Event style: echoes bytes. */
    static final class Echo implements StreamEventHandler {
        @Override
        public void onData(Connection connection, ByteBuffer data) {
            connection.write(data);
        }
    }

    /** An echo server's config: request style ({@link Lines}, THREADS) or event style ({@link Echo}), on a fresh loopback address. */
    ServerConfig echoConfig(ServerKind kind, Matrix.Style style, AddressFamily family) {
        return style == Matrix.Style.EVENT ? ServerConfig.events(kind, loopback(family), Echo::new)
                : ServerConfig.of(kind, loopback(family), Lines::new).withConcurrency(Concurrency.THREADS);
    }

    /** A server, closed after the test. */
    SocketServer track(SocketServer server) {
        servers.add(server);
        return server;
    }

    /** Makes a server and serves it on a thread of its own until the test ends. */
    SocketServer serve(ServerConfig config) throws IOException {
        SocketServer server = track(new SocketServer(config));
        threads.submit(() -> {
            server.serveForever(Duration.ofMillis(20));
            return null;
        });
        return server;
    }

    /** The family a server kind's test address is of. */
    static AddressFamily family(ServerKind kind) {
        return kind.accepts(AddressFamily.UNIX) ? AddressFamily.UNIX : AddressFamily.INET;
    }

    /** The provider for a transport and server kind, or a visible skip where the pair is missing. */
    static NettyProvider provider(Transport transport, ServerKind kind) {
        return Matrix.provider(transport, family(kind), kind.type());
    }

    /** A datagram client for a server of this kind (bound, for Unix, so that replies can reach it), closed after the test. */
    Socket datagramClient(Transport transport, ServerKind kind) throws IOException {
        Socket client = track(provider(transport, kind).socket(family(kind), kind.type()));
        client.setTimeout(WAIT);
        if (family(kind) == AddressFamily.UNIX) {
            client.bind(loopback(AddressFamily.UNIX));
        }
        return client;
    }

    /** A client connected to the server, with a timeout, closed after the test. */
    Socket client(Transport transport, SocketServer server) throws IOException {
        Socket client = track(Matrix.provider(transport).createConnection(server.address(), WAIT));
        client.setTimeout(WAIT);
        return client;
    }

    /** Sends a line and reads it back: the connection is being served. */
    static void assertEcho(Socket client, String text) throws IOException {
        byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        client.sendAll(line);
        assertThat(recvExactly(client, line.length)).as("echo of %s", text).isEqualTo(line);
    }

    /**
     * The server closed the connection: end of stream after whatever it still sent (a TLS alert, say),
     * or a reset if our bytes were unread.
     */
    static void assertClosedByServer(Socket client) throws IOException {
        try {
            byte[] got;
            do {
                got = client.recv(1024);
            } while (got.length > 0);
        } catch (io.socketkit.ConnectionResetError e) {
            // Also a close: the server had unread bytes of ours.
        }
    }
}
