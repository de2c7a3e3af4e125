package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.SocketType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Transport selection and the capability matrix: clear errors, never a silent fallback. */
class TransportTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    @DisplayName("on Linux: NIO always loads, kqueue never (and says why); epoll and io_uring are reported as found; auto prefers epoll")
    void linuxAvailability(TestReporter report) {
        for (Transport transport : Transport.values()) {
            Throwable cause = transport.unavailabilityCause();
            assertThat(transport.isAvailable()).as("%s: isAvailable agrees with unavailabilityCause", transport)
                    .isEqualTo(cause == null);
            report.publishEntry(transport.displayName(), cause == null ? "available" : "unavailable: " + cause);
        }
        assertThat(Transport.NIO.isAvailable()).isTrue();
        assertThat(Transport.KQUEUE.isAvailable()).isFalse();
        assertThat(Transport.auto()).isEqualTo(Transport.EPOLL.isAvailable() ? Transport.EPOLL : Transport.NIO);
        assertThatThrownBy(() -> NettyProvider.of(Transport.KQUEUE)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("KQUEUE").hasCauseInstanceOf(Throwable.class);
    }

    @Test
    @DisplayName("names: auto, nio, epoll, io_uring and io-uring, kqueue; anything else is an argument error")
    void names() {
        assertThat(Transport.fromName("nio")).isEqualTo(Transport.NIO);
        assertThat(Transport.fromName("io-uring")).isEqualTo(Transport.IO_URING);
        assertThat(Transport.fromName(" EPOLL ")).isEqualTo(Transport.EPOLL);
        assertThat(Transport.fromName("auto")).isEqualTo(Transport.auto());
        assertThatThrownBy(() -> Transport.fromName("uring2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io_uring");
        // Netty's in-JVM channels carry no sockets: no transport of socketkit's, like any unknown name.
        assertThatThrownBy(() -> Transport.fromName("local")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown transport: local (expected auto, nio, epoll, io_uring or kqueue)");
        assertThat(Transport.values()).containsExactly(Transport.NIO, Transport.EPOLL, Transport.IO_URING, Transport.KQUEUE);
    }

    @Test
    @DisplayName("the system property picks the transport when code does not")
    void systemProperty() {
        String before = System.getProperty(Transport.PROPERTY);
        try {
            System.setProperty(Transport.PROPERTY, "nio");
            try (NettyProvider provider = new NettyProvider()) {
                assertThat(provider.transport()).isEqualTo(Transport.NIO);
                assertThat(provider.name()).isEqualTo("netty/nio");
            }
            System.setProperty(Transport.PROPERTY, "bogus");
            assertThatThrownBy(NettyProvider::new).isInstanceOf(IllegalArgumentException.class);
        } finally {
            if (before == null) {
                System.clearProperty(Transport.PROPERTY);
            } else {
                System.setProperty(Transport.PROPERTY, before);
            }
        }
    }

    @Test
    @DisplayName("the matrix: Unix datagrams on epoll and kqueue only")
    void matrix() {
        assertThat(Transport.NIO.supports(AddressFamily.UNIX, SocketType.DGRAM)).isFalse();
        assertThat(Transport.IO_URING.supports(AddressFamily.UNIX, SocketType.DGRAM)).isFalse();
        assertThat(Transport.EPOLL.supports(AddressFamily.UNIX, SocketType.DGRAM)).isTrue();
        assertThat(Transport.KQUEUE.supports(AddressFamily.UNIX, SocketType.DGRAM)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("Unix datagrams where the transport has none: ESOCKTNOSUPPORT naming the transports that can")
    void unixDatagramRefused(Transport transport) {
        NettyProvider provider = Matrix.provider(transport);
        org.junit.jupiter.api.Assumptions.assumeFalse(transport.supports(AddressFamily.UNIX, SocketType.DGRAM),
                () -> transport + " has Unix datagrams");
        assertThatThrownBy(() -> provider.socket(AddressFamily.UNIX, SocketType.DGRAM))
                .satisfies(e -> assertThat(Errno.of(e)).isEqualTo(Errno.ESOCKTNOSUPPORT))
                .hasMessageContaining(transport.toString()).hasMessageContaining("EPOLL");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SocketType.class, names = {"RAW", "SEQPACKET"})
    @DisplayName("RAW over IP (EPROTONOSUPPORT) and Unix SEQPACKET (ESOCKTNOSUPPORT) on NIO: refused, naming EPOLL and Java 22")
    void packetSocketsOnNio(SocketType type) {
        NettyProvider provider = Matrix.provider(Transport.NIO);
        AddressFamily family = type == SocketType.RAW ? AddressFamily.INET : AddressFamily.UNIX;
        assertThatThrownBy(() -> provider.socket(family, type, type == SocketType.RAW ? 1 : 0))
                .satisfies(e -> assertThat(Errno.of(e)).isEqualTo(
                        type == SocketType.RAW ? Errno.EPROTONOSUPPORT : Errno.ESOCKTNOSUPPORT))
                .hasMessageContaining(type.toString()).hasMessageContaining("EPOLL").hasMessageContaining("Java 22")
                .hasMessageContaining("NIO");
    }

    @Test
    @DisplayName("a closed provider makes no more sockets")
    void closedProvider() throws Exception {
        NettyProvider provider = NettyProvider.of(Transport.NIO, 1);
        provider.socket(AddressFamily.INET, SocketType.DGRAM).close();
        provider.close();
        assertThatThrownBy(() -> provider.socket(AddressFamily.INET, SocketType.DGRAM))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> NettyProvider.of(Transport.NIO, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
