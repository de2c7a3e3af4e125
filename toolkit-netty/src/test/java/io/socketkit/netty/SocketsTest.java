package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.ServerOptions;
import io.socketkit.Socket;
import io.socketkit.SocketOption;
import io.socketkit.SocketPair;
import io.socketkit.SocketType;
import io.socketkit.Sockets;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The module-level functions, through the provider found by ServiceLoader and on each transport. */
class SocketsTest extends SocketTestSupport {

    @Test
    @DisplayName("Sockets finds the Netty provider with ServiceLoader; socket() is INET/STREAM")
    void serviceLoader() throws Exception {
        assertThat(Sockets.provider()).isInstanceOf(NettyProvider.class);
        try (Socket sock = Sockets.socket()) {
            assertThat(sock.family()).isEqualTo(AddressFamily.INET);
            assertThat(sock.type()).isEqualTo(SocketType.STREAM);
            assertThat(sock.getTimeout()).isNull();
        }
    }

    @Test
    @DisplayName("GeneralModuleTests.testDefaultTimeout: setdefaulttimeout applies to new sockets only")
    void defaultTimeout() throws Exception {
        assertThat(Sockets.getDefaultTimeout()).isNull();
        try {
            Sockets.setDefaultTimeout(Duration.ofSeconds(3));
            try (Socket sock = Sockets.socket()) {
                assertThat(sock.getTimeout()).isEqualTo(Duration.ofSeconds(3));
            }
            assertThatThrownBy(() -> Sockets.setDefaultTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        } finally {
            Sockets.setDefaultTimeout(null);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("BasicSocketPairTest: socketpair is a connected Unix stream pair")
    void socketPair(Transport transport) throws Exception {
        try (SocketPair pair = Matrix.provider(transport).socketPair()) {
            assertThat(pair.first().family()).isEqualTo(AddressFamily.UNIX);
            assertThat(pair.first().type()).isEqualTo(SocketType.STREAM);
            pair.first().sendAll("ping".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(pair.second().recv(10), StandardCharsets.US_ASCII)).isEqualTo("ping");
            pair.second().sendAll("pong".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(pair.first().recv(10), StandardCharsets.US_ASCII)).isEqualTo("pong");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#inet")
    @DisplayName("create_server sets SO_REUSEADDR and listens; create_connection connects with the timeout")
    void createServerAndConnection(Transport transport, AddressFamily family) throws Exception {
        NettyProvider provider = Matrix.provider(transport, family, SocketType.STREAM);
        Socket server = track(provider.createServer(loopback(family), ServerOptions.defaults().withBacklog(64)));
        assertThat(server.getOption(SocketOption.SO_REUSEADDR)).isTrue();
        Socket client = track(provider.createConnection(server.getSockName(), Duration.ofSeconds(5), null));
        assertThat(client.getTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(client.getPeerName()).isEqualTo(server.getSockName());
        track(server.accept().connection());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("NetworkConnectionNoServer.test_create_connection: a name resolving to several addresses; each is tried, the last error raised")
    void createConnectionTriesEachAddress(Transport transport) throws Exception {
        NettyProvider provider = Matrix.provider(transport, AddressFamily.INET, SocketType.STREAM);
        Socket server = track(provider.createServer(new InetSocketAddress("127.0.0.1", 0)));
        int port = ((InetSocketAddress) server.getSockName()).getPort();
        // "localhost" resolves to ::1 and 127.0.0.1 here; the server is on 127.0.0.1 only.
        Socket client = track(provider.createConnection(InetSocketAddress.createUnresolved("localhost", port), null, null));
        assertThat(((InetSocketAddress) client.getPeerName()).getPort()).isEqualTo(port);
        track(server.accept().connection());
        server.close();
        assertThatThrownBy(() -> provider.createConnection(InetSocketAddress.createUnresolved("localhost", port), null, null))
                .satisfies(e -> assertThat(Errno.of(e)).isEqualTo(Errno.ECONNREFUSED));
        assertThatThrownBy(() -> provider.createConnection(InetSocketAddress.createUnresolved("no-such-host.invalid", port), null, null))
                .isInstanceOf(java.net.UnknownHostException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("create_server with reuse_port lets two servers share a port; not on Unix addresses")
    void createServerReusePort(Transport transport) throws Exception {
        NettyProvider provider = Matrix.provider(transport);
        ServerOptions reuse = ServerOptions.defaults().withReusePort(true);
        Socket first = track(provider.createServer(new InetSocketAddress("127.0.0.1", 0), reuse));
        Socket second = track(provider.createServer(first.getSockName(), reuse));
        assertThat(second.getSockName()).isEqualTo(first.getSockName());
        assertThatThrownBy(() -> provider.createServer(loopback(AddressFamily.UNIX), reuse))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider.createServer(first.getSockName()))
                .isInstanceOf(java.net.BindException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("create_server(dualstack_ipv6=True) on :: takes IPv4 clients too")
    void dualStack(Transport transport) throws Exception {
        NettyProvider provider = Matrix.provider(transport, AddressFamily.INET6, SocketType.STREAM);
        Socket server = track(provider.createServer(new InetSocketAddress("::", 0),
                ServerOptions.defaults().withDualStackIpv6(true)));
        int port = ((InetSocketAddress) server.getSockName()).getPort();
        Socket client = track(provider.createConnection(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(5), null));
        assertThat(client.getPeerName()).isNotNull();
        track(server.accept().connection());
    }
}
