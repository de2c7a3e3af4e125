package io.socketkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    @DisplayName("AddressFamily.of: the family an address belongs to; unresolved names and strangers refused")
    void familyOf() {
        assertThat(AddressFamily.of(new InetSocketAddress("127.0.0.1", 0))).isEqualTo(AddressFamily.INET);
        assertThat(AddressFamily.of(new InetSocketAddress("::1", 0))).isEqualTo(AddressFamily.INET6);
        assertThat(AddressFamily.of(UnixDomainSocketAddress.of("/tmp/x"))).isEqualTo(AddressFamily.UNIX);
        assertThat(AddressFamily.of(AbstractUnixAddress.of("x"))).isEqualTo(AddressFamily.UNIX);
        assertThatThrownBy(() -> AddressFamily.of(InetSocketAddress.createUnresolved("example.com", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressFamily.of(new java.net.SocketAddress() { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("AbstractUnixAddress: at most 107 bytes, equal by name, shown as Python shows it")
    void abstractAddress() {
        assertThat(AbstractUnixAddress.of("n".repeat(107)).name()).hasSize(107);
        assertThatThrownBy(() -> AbstractUnixAddress.of("n".repeat(108))).isInstanceOf(IllegalArgumentException.class);
        assertThat(AbstractUnixAddress.of("a")).isEqualTo(AbstractUnixAddress.of("a")).hasSameHashCodeAs(AbstractUnixAddress.of("a"));
        assertThat(AbstractUnixAddress.of("a")).hasToString("\\0a");
    }

    @Test
    @DisplayName("ServerOptions: Python's defaults, copies on change, negative backlog refused")
    void serverOptions() {
        ServerOptions defaults = ServerOptions.defaults();
        assertThat(defaults.backlog()).isEqualTo(-1);
        assertThat(defaults.reusePort()).isFalse();
        ServerOptions changed = defaults.withBacklog(10).withReusePort(true).withDualStackIpv6(true);
        assertThat(changed.backlog()).isEqualTo(10);
        assertThat(changed.reusePort()).isTrue();
        assertThat(changed.dualStackIpv6()).isTrue();
        assertThat(defaults.backlog()).as("unchanged").isEqualTo(-1);
        assertThatThrownBy(() -> defaults.withBacklog(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("records check their parts; Datagram compares its bytes")
    void records() {
        assertThat(new Datagram(new byte[] {1}, null)).isEqualTo(new Datagram(new byte[] {1}, null));
        assertThatThrownBy(() -> new Datagram(null, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SelectorKey(null, Set.of(SelectorEvent.READ), null)).isInstanceOf(NullPointerException.class);
        assertThat(SocketOption.SO_REUSEADDR.name()).isEqualTo("SO_REUSEADDR");
        assertThat(SocketOption.SO_RCVBUF.type()).isEqualTo(Integer.class);
        assertThatThrownBy(() -> SocketOption.SO_RCVBUF.check(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SocketOption.SO_LINGER.check(-1)).isEqualTo(-1);
    }

    @Test
    @DisplayName("without a provider on the path, Sockets says which artifact to add")
    void noProvider() {
        assertThatThrownBy(Sockets::provider).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("toolkit-netty");
    }
}
