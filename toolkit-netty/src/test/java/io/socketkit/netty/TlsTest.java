package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.server.ServerKind;
import io.socketkit.server.ServerLimits;
import io.socketkit.server.ServerMetrics;
import io.socketkit.server.SocketServer;
import io.socketkit.ssl.SslCertVerificationError;
import io.socketkit.ssl.SslContext;
import io.socketkit.ssl.SslContext.Engine;
import io.socketkit.ssl.SslContext.Purpose;
import io.socketkit.ssl.SslContext.VerifyMode;
import io.socketkit.ssl.SslError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS ({@code ssl.SSLContext.wrap_socket}) on blocking sockets and on both server styles, every
 * transport and family, with certificates the test makes: data through, SNI, the hostname check on by
 * default, untrusted and missing certificates refused, mutual TLS, garbage instead of a handshake.
 */
class TlsTest extends TlsTestSupport {
    static Stream<Arguments> engines() {
        return Stream.of(Engine.JDK, Engine.OPENSSL).map(Arguments::of);
    }

    static Stream<Arguments> families() {
        return Matrix.streams().flatMap(a -> engines().map(e -> Arguments.of(a.get()[0], a.get()[1], e.get()[0])));
    }

    /** A connected pair, with timeouts so that nothing waits for ever. */
    private Socket[] pair(Transport transport, AddressFamily family) throws IOException {
        Socket[] pair = connectedPair(transport, family);
        for (Socket sock : pair) {
            sock.setTimeout(WAIT);
        }
        return pair;
    }

    private CompletableFuture<Socket> wrapServerSide(Socket sock, SslContext context) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return context.wrapSocket(sock, true, null);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, threads);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("families")
    @DisplayName("wrap_socket both ends: handshake, SNI, the session, 1 MiB each way, EOF after close")
    void wrapBothEnds(Transport transport, AddressFamily family, Engine engine) throws Exception {
        assumeEngine(engine);
        Socket[] pair = pair(transport, family);
        CompletableFuture<Socket> server = wrapServerSide(pair[1], serverContext(engine));
        Socket client = clientContext(engine).wrapSocket(pair[0], "localhost");
        Socket accepted = server.get(10, TimeUnit.SECONDS);

        SSLSession session = client.sslSession();
        assertThat(session.getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        assertThat(session.getPeerPrincipal().getName()).isEqualTo("CN=localhost");
        SSLSession serverSession = accepted.sslSession();
        if (serverSession instanceof ExtendedSSLSession) {
            assertThat(((ExtendedSSLSession) serverSession).getRequestedServerNames()).containsExactly(new SNIHostName("localhost"));
        }

        byte[] data = new byte[1 << 20];
        new Random(7).nextBytes(data);
        CompletableFuture<Void> sending = sendAllAsync(client, data, threads);
        byte[] got = recvExactly(accepted, data.length);
        sending.get(10, TimeUnit.SECONDS);
        assertThat(got).isEqualTo(data);
        // Unix socket buffers are small: the echo goes out while the client reads it.
        CompletableFuture<Void> echoing = CompletableFuture.runAsync(() -> {
            try {
                accepted.sendAll(got);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, threads);
        assertThat(recvExactly(client, data.length)).isEqualTo(data);
        echoing.get(10, TimeUnit.SECONDS);

        accepted.close();
        assertThat(client.recv(10)).as("end of stream").isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("the hostname is checked by default: a certificate for localhost does not pass for example.com")
    void hostnameChecked(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = pair(transport, family);
        CompletableFuture<Socket> server = wrapServerSide(pair[1], serverContext(Engine.JDK));
        assertThatThrownBy(() -> clientContext(Engine.JDK).wrapSocket(pair[0], "example.com"))
                .isInstanceOf(SslCertVerificationError.class)
                .satisfies(e -> assertThat(((SslError) e).reason()).isEqualTo("CERTIFICATE_VERIFY_FAILED"));
        assertThatThrownBy(() -> server.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(java.io.UncheckedIOException.class);
        assertThat(pair[0].isClosed()).as("a failed wrap closes the socket").isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("a server whose CA is not trusted is refused (the system's CAs by default); CERT_NONE lets it through")
    void untrustedServer(Transport transport, AddressFamily family) throws Exception {
        SslContext stranger = SslContext.createDefaultContext(Purpose.CLIENT_AUTH)
                .withCertChain(certs.strangerCert(), certs.strangerKey());
        Socket[] refused = pair(transport, family);
        wrapServerSide(refused[1], stranger);
        assertThatThrownBy(() -> SslContext.createDefaultContext().wrapSocket(refused[0], "localhost"))
                .isInstanceOf(SslCertVerificationError.class);

        Socket[] insecure = pair(transport, family);
        CompletableFuture<Socket> server = wrapServerSide(insecure[1], stranger);
        Socket client = SslContext.createDefaultContext().withCheckHostname(false).withVerifyMode(VerifyMode.CERT_NONE)
                .wrapSocket(insecure[0], null);
        server.get(10, TimeUnit.SECONDS).sendAll("hi".getBytes(StandardCharsets.US_ASCII));
        assertThat(recvExactly(client, 2)).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("families")
    @DisplayName("mutual TLS: a server asking for client certificates refuses a client without one, accepts one with")
    void mutualTls(Transport transport, AddressFamily family, Engine engine) throws Exception {
        assumeEngine(engine);
        SslContext server = serverContext(engine).withVerifyLocations(certs.ca()).withVerifyMode(VerifyMode.CERT_REQUIRED);

        Socket[] anonymous = pair(transport, family);
        CompletableFuture<Socket> refusing = wrapServerSide(anonymous[1], server);
        assertThatThrownBy(() -> {
            // TLS 1.3: the client may finish its handshake before the server's refusal arrives.
            Socket client = clientContext(engine).wrapSocket(anonymous[0], "localhost");
            client.recv(10);
        }).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> refusing.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(javax.net.ssl.SSLException.class);

        Socket[] known = pair(transport, family);
        CompletableFuture<Socket> accepting = wrapServerSide(known[1], server);
        Socket client = clientContext(engine).withCertChain(certs.clientCert(), certs.clientKey()).wrapSocket(known[0], "localhost");
        Socket accepted = accepting.get(10, TimeUnit.SECONDS);
        assertThat(accepted.sslSession().getPeerPrincipal().getName()).isEqualTo("CN=test client");
        client.sendAll("ok".getBytes(StandardCharsets.US_ASCII));
        assertThat(recvExactly(accepted, 2)).isEqualTo("ok".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    @DisplayName("test_ssl: check_hostname requires server_hostname; CERT_NONE with check_hostname is a ValueError")
    void argumentsCheckedFirst() throws Exception {
        Socket sock = open(Transport.NIO, AddressFamily.INET, SocketType.STREAM);
        assertThatThrownBy(() -> SslContext.createDefaultContext().wrapSocket(sock, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server_hostname");
        assertThatThrownBy(() -> SslContext.createDefaultContext().withVerifyMode(VerifyMode.CERT_NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SslContext.createDefaultContext(Purpose.CLIENT_AUTH).wrapSocket(sock, true, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("certificate");
        ErrnoAssert.assertErrno(() -> clientContext(Engine.JDK).wrapSocket(sock, "localhost"), io.socketkit.Errno.ENOTCONN);
        assertThatThrownBy(() -> SslContext.createDefaultContext().withVerifyLocations(tempDir.resolve("missing.pem")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    // ---- servers ----

    static Stream<Arguments> serverCases() {
        return Matrix.transports().flatMap(t -> Stream.of(ServerKind.TCP, ServerKind.UNIX_STREAM)
                .flatMap(k -> Stream.of(Matrix.Style.values()).map(s -> Arguments.of(t, k, s))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("serverCases")
    @DisplayName("a TLS server: clients are served; one sending garbage, or nothing, is closed and counted, others go on")
    void tlsServer(Transport transport, ServerKind kind, Matrix.Style style) throws Exception {
        AddressFamily family = kind == ServerKind.TCP ? AddressFamily.INET : AddressFamily.UNIX;
        SslContext serverTls = serverContext(Engine.JDK);
        // The first TLS handshakes of a JVM (class loading, building the context) can take longer than
        // the 500 ms limit below on a loaded machine: one under the default limit takes that cost first.
        SocketServer warm = serve(echoConfig(kind, style, family).withProvider(Matrix.provider(transport, family, SocketType.STREAM))
                .withSsl(serverTls));
        assertEcho(clientContext(Engine.JDK).wrapSocket(client(transport, warm), "localhost"), "warm");
        SocketServer server = serve(echoConfig(kind, style, family).withProvider(Matrix.provider(transport, family, SocketType.STREAM))
                .withSsl(serverTls)
                .withLimits(ServerLimits.defaults().withHandshakeTimeout(Duration.ofMillis(500))));

        Socket garbage = client(transport, server);
        garbage.sendAll("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Socket silent = client(transport, server);
        Socket good = clientContext(Engine.JDK).wrapSocket(client(transport, server), "localhost");
        good.sendAll("hello\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(recvExactly(good, 6)).isEqualTo("hello\n".getBytes(StandardCharsets.US_ASCII));

        assertClosedByServer(garbage);
        assertClosedByServer(silent);
        ServerMetrics metrics = server.metrics();
        await().atMost(WAIT).until(() -> metrics.limitHits().get(ServerMetrics.Limit.HANDSHAKE_TIMEOUT) == 1);
        await().atMost(WAIT).until(() -> metrics.errors().values().stream().mapToLong(Long::longValue).sum() >= 1);
        assertThat(metrics.errors().keySet()).allSatisfy(kindOfError -> assertThat(kindOfError).isNotEqualTo("TimeoutError"));
        good.sendAll("again\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(recvExactly(good, 6)).isEqualTo("again\n".getBytes(StandardCharsets.US_ASCII));
    }

    static Stream<Arguments> garbageSeeds() {
        return Matrix.transports().flatMap(t -> Stream.of(Matrix.Style.values())
                .flatMap(style -> java.util.stream.IntStream.rangeClosed(1, 2).mapToObj(seed -> Arguments.of(t, style, seed))));
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("garbageSeeds")
    @DisplayName("a TLS server fed random bytes (some behind a real record header) closes each such connection and goes on")
    void randomBytes(Transport transport, Matrix.Style style, int seed) throws Exception {
        SocketServer server = serve(echoConfig(ServerKind.TCP, style, AddressFamily.INET).withProvider(Matrix.provider(transport, AddressFamily.INET, SocketType.STREAM))
                .withSsl(serverContext(Engine.JDK))
                .withLimits(ServerLimits.defaults().withHandshakeTimeout(Duration.ofSeconds(1))));
        Random random = new Random(seed);
        for (int i = 0; i < 5; i++) {
            byte[] garbage = new byte[1 + random.nextInt(4096)];
            random.nextBytes(garbage);
            if (random.nextBoolean() && garbage.length > 5) {
                // A handshake record header (TLS 1.0-1.2 record, random length) before the noise.
                garbage[0] = 0x16;
                garbage[1] = 0x03;
                garbage[2] = (byte) (1 + random.nextInt(3));
            }
            Socket noisy = client(transport, server);
            try {
                noisy.sendAll(garbage);
            } catch (io.socketkit.BrokenPipeError | io.socketkit.ConnectionResetError e) {
                // Closed before all of it was sent: also fine.
            }
            assertClosedByServer(noisy);
        }
        // The good client's handshake races the 1 s limit too, which a loaded machine can miss: tried
        // again only while the server counts that limit as what ended it, so a server that stopped
        // serving still fails here.
        for (int attempt = 1; ; attempt++) {
            long timeouts = handshakeTimeouts(server);
            try {
                Socket good = clientContext(Engine.JDK).wrapSocket(client(transport, server), "localhost");
                assertEcho(good, "still serving");
                break;
            } catch (IOException e) {
                await().atMost(WAIT).until(() -> server.metrics().active() == 0);
                if (attempt == 3 || handshakeTimeouts(server) == timeouts) {
                    throw e;
                }
            }
        }
        await().atMost(WAIT).until(() -> server.metrics().active() == 1);
    }

    private static long handshakeTimeouts(SocketServer server) {
        return server.metrics().limitHits().getOrDefault(io.socketkit.server.ServerMetrics.Limit.HANDSHAKE_TIMEOUT, 0L);
    }
}
