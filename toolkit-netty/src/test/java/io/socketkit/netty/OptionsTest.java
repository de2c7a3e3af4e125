package io.socketkit.netty;

import static io.socketkit.netty.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.Socket;
import io.socketkit.SocketOption;
import io.socketkit.SocketType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Socket options read back as Linux has them, and refused where Linux refuses them. */
class OptionsTest extends SocketTestSupport {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#inet")
    @DisplayName("GeneralModuleTests.testGetSockOpt / testSetSockOpt: SO_REUSEADDR reads false, then true once set")
    void reuseAddress(Transport transport, AddressFamily family) throws Exception {
        Socket sock = open(transport, family, SocketType.STREAM);
        assertThat(sock.getOption(SocketOption.SO_REUSEADDR)).isFalse();
        sock.setOption(SocketOption.SO_REUSEADDR, true);
        assertThat(sock.getOption(SocketOption.SO_REUSEADDR)).isTrue();
        sock.bind(loopback(family));
        sock.listen();
        assertThat(sock.getOption(SocketOption.SO_REUSEADDR)).as("carried to the listening socket").isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#streams")
    @DisplayName("SO_RCVBUF 4096 reads back 8192: the kernel doubles it")
    void receiveBuffer(Transport transport, AddressFamily family) throws Exception {
        Socket sock = open(transport, family, SocketType.STREAM);
        sock.setOption(SocketOption.SO_RCVBUF, 4096);
        assertThat(sock.getOption(SocketOption.SO_RCVBUF)).isEqualTo(8192);
        assertThatThrownBy(() -> sock.setOption(SocketOption.SO_RCVBUF, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#inet")
    @DisplayName("TCP options: TCP_NODELAY, SO_KEEPALIVE and the keep-alive timings read back")
    void tcpOptions(Transport transport, AddressFamily family) throws Exception {
        Socket[] pair = connectedPair(transport, family);
        pair[0].setOption(SocketOption.TCP_NODELAY, true);
        assertThat(pair[0].getOption(SocketOption.TCP_NODELAY)).isTrue();
        pair[0].setOption(SocketOption.SO_KEEPALIVE, true);
        assertThat(pair[0].getOption(SocketOption.SO_KEEPALIVE)).isTrue();
        pair[0].setOption(SocketOption.TCP_KEEPIDLE, 30);
        assertThat(pair[0].getOption(SocketOption.TCP_KEEPIDLE)).isEqualTo(30);
        pair[0].setOption(SocketOption.TCP_KEEPCNT, 4);
        assertThat(pair[0].getOption(SocketOption.TCP_KEEPCNT)).isEqualTo(4);
        pair[0].setOption(SocketOption.SO_LINGER, 5);
        assertThat(pair[0].getOption(SocketOption.SO_LINGER)).isEqualTo(5);
        assertThatThrownBy(() -> pair[0].setOption(SocketOption.SO_BROADCAST, true))
                .satisfies(e -> assertThat(Errno.of(e)).isEqualTo(Errno.ENOPROTOOPT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("TCP_NODELAY and SO_REUSEPORT on a Unix socket: EOPNOTSUPP, never set")
    void unixRefusals(Transport transport) throws Exception {
        Socket sock = open(transport, AddressFamily.UNIX, SocketType.STREAM);
        assertErrno(() -> sock.setOption(SocketOption.TCP_NODELAY, true), Errno.EOPNOTSUPP);
        assertErrno(() -> sock.setOption(SocketOption.SO_REUSEPORT, true), Errno.EOPNOTSUPP)
                .hasMessageContaining("Unix");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#inet")
    @DisplayName("SO_REUSEPORT lets two listeners share a port")
    void reusePort(Transport transport, AddressFamily family) throws Exception {
        Socket first = open(transport, family, SocketType.STREAM);
        first.setOption(SocketOption.SO_REUSEPORT, true);
        assertThat(first.getOption(SocketOption.SO_REUSEPORT)).isTrue();
        first.bind(loopback(family));
        first.listen();
        Socket second = open(transport, family, SocketType.STREAM);
        second.setOption(SocketOption.SO_REUSEPORT, true);
        second.bind(first.getSockName());
        second.listen();
        assertThat(second.getSockName()).isEqualTo(first.getSockName());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.socketkit.netty.Matrix#inet")
    @DisplayName("UDP options: SO_BROADCAST, IP_MULTICAST_TTL, IP_MULTICAST_LOOP, IP_TOS")
    void udpOptions(Transport transport, AddressFamily family) throws Exception {
        Socket sock = open(transport, family, SocketType.DGRAM);
        sock.setOption(SocketOption.SO_BROADCAST, true);
        assertThat(sock.getOption(SocketOption.SO_BROADCAST)).isTrue();
        sock.setOption(SocketOption.IP_MULTICAST_TTL, 3);
        assertThat(sock.getOption(SocketOption.IP_MULTICAST_TTL)).isEqualTo(3);
        sock.setOption(SocketOption.IP_MULTICAST_LOOP, false);
        assertThat(sock.getOption(SocketOption.IP_MULTICAST_LOOP)).isFalse();
        assertErrno(() -> sock.setOption(SocketOption.TCP_NODELAY, true), Errno.ENOPROTOOPT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("Linux-only options: on the native transports; ENOPROTOOPT naming them elsewhere")
    void linuxOnly(Transport transport) throws Exception {
        Socket sock = open(transport, AddressFamily.INET, SocketType.STREAM);
        if (transport == Transport.NIO) {
            assertErrno(() -> sock.setOption(SocketOption.TCP_USER_TIMEOUT, 1000), Errno.ENOPROTOOPT).hasMessageContaining("EPOLL");
            return;
        }
        sock.setOption(SocketOption.TCP_USER_TIMEOUT, 1000);
        assertThat(sock.getOption(SocketOption.TCP_USER_TIMEOUT)).isEqualTo(1000);
        sock.setOption(SocketOption.IP_FREEBIND, true);
        assertThat(sock.getOption(SocketOption.IP_FREEBIND)).isTrue();
    }
}
