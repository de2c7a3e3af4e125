package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.server.ServerKind;
import io.socketkit.server.SocketServer;
import io.socketkit.ssl.SslContext;
import io.socketkit.ssl.SslContext.Engine;
import io.socketkit.ssl.SslError;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A TLS server refuses client-initiated renegotiation (issue 11, item 8): a JDK client pinned to
 * TLS 1.2 that calls {@code startHandshake()} a second time loses its connection, on a blocking server
 * socket and on both server styles, with either engine; a normal client is served before and after.
 */
class TlsRenegotiationTest extends TlsTestSupport {

    /** Which end serves the renegotiating client: a plain blocking socket, or a server of either style. */
    enum End {
        SOCKET(null),
        REQUEST(Matrix.Style.REQUEST),
        EVENT(Matrix.Style.EVENT);

        private final Matrix.Style serverStyle;

        End(Matrix.Style serverStyle) {
            this.serverStyle = serverStyle;
        }

        Matrix.Style serverStyle() {
            return serverStyle;
        }
    }
    static Stream<Arguments> cases() {
        return Matrix.transports().flatMap(t -> Stream.of(Engine.JDK, Engine.OPENSSL)
                .flatMap(e -> Stream.of(End.values()).map(s -> Arguments.of(t, e, s))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    @DisplayName("a TLS 1.2 client that renegotiates loses its connection; a normal client is served")
    void clientRenegotiationRefused(Transport transport, Engine engine, End style) throws Exception {
        assumeEngine(engine);
        SslContext tls = serverContext(engine);
        Socket listener = null;
        CompletableFuture<Void> renegotiated = null;
        InetSocketAddress address;
        if (style == End.SOCKET) {
            listener = listener(transport, AddressFamily.INET);
            address = (InetSocketAddress) listener.getSockName();
            renegotiated = echoOneClient(listener, tls);
        } else {
            SocketServer server = serve(echoConfig(ServerKind.TCP, style.serverStyle(), AddressFamily.INET).withProvider(Matrix.provider(transport, AddressFamily.INET, SocketType.STREAM))
                    .withSsl(tls));
            address = (InetSocketAddress) server.address();
        }

        try (SSLSocket client = tls12Client(address)) {
            assertThat(echo(client, "before")).isEqualTo("before");
            assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.2");
            // The second call renegotiates: in TLS 1.2 the client sends a new ClientHello.
            client.startHandshake();
            Throwable refused = catchThrowable(() -> echo(client, "after"));
            assertThat(refused).as("the connection fails once the client renegotiates")
                    .isInstanceOfAny(SSLException.class, SocketException.class, EOFException.class);
        }
        if (renegotiated != null) {
            CompletableFuture<Void> first = renegotiated;
            Throwable onServer = catchThrowable(() -> first.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertThat(onServer).as("the server socket reports the refusal").isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SslError.class).hasMessageMatching("(?is).*renegotiation.*");
        }
        CompletableFuture<Void> normal = listener == null ? null : echoOneClient(listener, tls);
        try (SSLSocket client = tls12Client(address)) {
            assertThat(echo(client, "still served")).isEqualTo("still served");
        }
        if (normal != null) {
            normal.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Accepts one client on a blocking server socket, wraps it server side and echoes lines until it leaves. */
    private CompletableFuture<Void> echoOneClient(Socket listener, SslContext tls) {
        return CompletableFuture.runAsync(() -> {
            try (Socket plain = listener.accept().connection()) {
                plain.setTimeout(WAIT);
                Socket conn = tls.wrapSocket(plain, true, null);
                for (byte[] data = conn.recv(4096); data.length > 0; data = conn.recv(4096)) {
                    conn.sendAll(data);
                }
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, threads);
    }

    /** A JDK client that speaks TLS 1.2 only and trusts the test CA. */
    private SSLSocket tls12Client(InetSocketAddress address) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(certs.ca())) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        SSLSocket client = (SSLSocket) context.getSocketFactory().createSocket(address.getAddress(), address.getPort());
        client.setSoTimeout((int) WAIT.toMillis());
        client.setEnabledProtocols(new String[] {"TLSv1.2"});
        client.startHandshake();
        return client;
    }

    /** Sends a line and reads the line that comes back. */
    private static String echo(SSLSocket client, String text) throws IOException {
        client.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().flush();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = client.getInputStream().read(); b != '\n'; b = client.getInputStream().read()) {
            if (b < 0) {
                throw new EOFException("end of stream after " + line.size() + " bytes");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
