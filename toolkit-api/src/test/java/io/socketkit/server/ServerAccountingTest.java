package io.socketkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketkit.ConnectionResetError;
import io.socketkit.server.ServerMetrics.Limit;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Admission, counting and the limits' arithmetic, on a clock the test turns. */
class ServerAccountingTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    private ServerAccounting accounting(ServerLimits limits) {
        return new ServerAccounting(limits, "test", now::get);
    }

    private static InetSocketAddress client(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    @Test
    void maxConnectionsCountsOpenConnectionsAndRefusesPastThem() {
        ServerAccounting accounting = accounting(ServerLimits.defaults().withMaxConnections(2));
        assertThat(accounting.admit(client("127.0.0.1", 1))).isTrue();
        assertThat(accounting.admit(client("127.0.0.1", 2))).isTrue();
        assertThat(accounting.admit(client("127.0.0.1", 3))).isFalse();
        accounting.closed(client("127.0.0.1", 1));
        assertThat(accounting.admit(client("127.0.0.1", 4))).isTrue();
        assertThat(accounting.accepted()).isEqualTo(3);
        assertThat(accounting.active()).isEqualTo(2);
        assertThat(accounting.refused()).isEqualTo(1);
        assertThat(accounting.limitHits()).containsEntry(Limit.MAX_CONNECTIONS, 1L).containsEntry(Limit.CONNECTION_RATE, 0L);
    }

    @Test
    void rateIsPerAddressPerSecondAndTheWindowMovesOn() {
        ServerAccounting accounting = accounting(ServerLimits.defaults().withMaxConnectionsPerSecondPerAddress(2));
        assertThat(accounting.admit(client("10.0.0.1", 1))).isTrue();
        assertThat(accounting.admit(client("10.0.0.1", 2))).isTrue();
        assertThat(accounting.admit(client("10.0.0.1", 3))).as("third in the same second").isFalse();
        assertThat(accounting.admit(client("10.0.0.2", 1))).as("another address").isTrue();
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(accounting.admit(client("10.0.0.1", 4))).as("still the same second").isFalse();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(accounting.admit(client("10.0.0.1", 5))).as("a new second").isTrue();
        assertThat(accounting.limitHits()).containsEntry(Limit.CONNECTION_RATE, 2L);
        assertThat(accounting.active()).as("refused ones are not open").isEqualTo(4);
    }

    @Test
    void concurrentConnectionsArePerAddressAndFreedOnClose() {
        ServerAccounting accounting = accounting(ServerLimits.defaults().withMaxConnectionsPerAddress(2));
        assertThat(accounting.admit(client("10.0.0.1", 1))).isTrue();
        assertThat(accounting.admit(client("10.0.0.1", 2))).isTrue();
        assertThat(accounting.admit(client("10.0.0.1", 3))).as("a third at once").isFalse();
        assertThat(accounting.admit(client("10.0.0.2", 1))).as("another address").isTrue();
        accounting.closed(client("10.0.0.1", 1));
        assertThat(accounting.admit(client("10.0.0.1", 4))).as("after one left").isTrue();
        assertThat(accounting.limitHits()).containsEntry(Limit.CONNECTIONS_PER_ADDRESS, 1L);
        assertThat(accounting.active()).isEqualTo(3);
    }

    @Test
    void unixClientsShareOneAddress() {
        ServerAccounting accounting = accounting(ServerLimits.defaults().withMaxConnectionsPerSecondPerAddress(1));
        assertThat(accounting.admit(UnixDomainSocketAddress.of(""))).isTrue();
        assertThat(accounting.admit(null)).isFalse();
    }

    @Test
    void errorsAreCountedByErrnoOrByType() {
        ServerAccounting accounting = accounting(ServerLimits.defaults());
        accounting.error(new ConnectionResetError("recv", null));
        accounting.error(new ConnectionResetError("recv", null));
        accounting.error(new IllegalStateException("handler bug"));
        assertThat(accounting.errors()).containsExactly(
                java.util.Map.entry("ECONNRESET", 2L), java.util.Map.entry("IllegalStateException", 1L));
        assertThatThrownBy(() -> accounting.errors().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void limitsRejectNonsense() {
        ServerLimits limits = ServerLimits.defaults();
        assertThatThrownBy(() -> limits.withMaxConnections(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limits.withIdleTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limits.withMaxLineLength(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limits.withMaxPendingOutputBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limits.withMaxConnectionsPerSecondPerAddress(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(limits.withIdleTimeout(null).idleTimeout()).isNull();
        assertThat(limits.withMaxConnections(5)).isEqualTo(ServerLimits.defaults().withMaxConnections(5)).isNotEqualTo(limits);
    }
}
