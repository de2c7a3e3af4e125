package io.socketkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The typed configuration: the handler style decides which settings a config can carry. */
class ServerConfigTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    /** An event handler that echoes. */
    static final class Echo implements StreamEventHandler {
        @Override
        public void onData(Connection connection, java.nio.ByteBuffer data) {
            connection.write(data);
        }
    }

    /** A provider with event servers only, which records what it binds. */
    static final class FakeEvents implements io.socketkit.spi.SocketProvider, EventServers {
        final java.util.List<ServerConfig> bound = new java.util.ArrayList<>();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public io.socketkit.Socket socket(io.socketkit.AddressFamily family, io.socketkit.SocketType type) {
            throw new UnsupportedOperationException("no sockets");
        }

        @Override
        public Running bind(ServerConfig config, Admission admission) {
            bound.add(config);
            return new Running() {
                @Override
                public java.net.SocketAddress address() {
                    return new InetSocketAddress("127.0.0.1", 4242);
                }

                @Override
                public int fileno() {
                    return 7;
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** A request handler that does nothing. */
    static final class Quiet extends StreamRequestHandler {
    }

    @Test
    @DisplayName("request handlers carry their threads' settings; each with... changes a copy")
    void requestSettings() {
        ServerConfig plain = ServerConfig.tcp(ANY, Quiet::new);
        ServerConfig changed = plain.withConcurrency(Concurrency.THREADS).withTimeout(Duration.ofSeconds(1))
                .withDaemonThreads(true).withBlockOnClose(false).withShutdownGrace(Duration.ZERO);
        assertThat(plain.concurrency()).isEqualTo(Concurrency.SERIAL);
        assertThat(plain.blockOnClose()).isTrue();
        assertThat(changed.style()).isEqualTo(new ServerConfig.Requests(plain.handler(), Concurrency.THREADS,
                Duration.ofSeconds(1), true, false, Duration.ZERO));
        assertThat(changed.isEventStyle()).isFalse();
    }

    @Test
    @DisplayName("an event-style config cannot carry threading settings: each with... says so instead of ignoring it")
    void eventConfigRefusesThreading() {
        ServerConfig events = ServerConfig.events(ServerKind.TCP, ANY, Echo::new);
        assertThat(events.style()).isInstanceOf(ServerConfig.StreamEvents.class);
        assertThat(events.handler()).isNull();
        assertThatThrownBy(() -> events.withConcurrency(Concurrency.THREADS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event loops");
        assertThatThrownBy(() -> events.withDaemonThreads(true)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> events.withBlockOnClose(false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> events.withShutdownGrace(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> events.withTimeout(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
        ServerConfig datagrams = ServerConfig.datagramEvents(ServerKind.UDP, ANY, (replies, data, sender) -> { });
        assertThat(datagrams.style()).isInstanceOf(ServerConfig.DatagramEvents.class);
        assertThatThrownBy(() -> datagrams.withConcurrency(Concurrency.SERIAL)).isInstanceOf(IllegalStateException.class);
        // Settings of every style still apply.
        assertThat(events.withRequestQueueSize(7).requestQueueSize()).isEqualTo(7);
    }

    @Test
    @DisplayName("Concurrency: the constants keep their names; a pool is a record checked at the boundary")
    void concurrency() {
        assertThat(Concurrency.SERIAL.name()).isEqualTo("SERIAL");
        assertThat(Concurrency.SERIAL.threads()).isEqualTo(1);
        assertThat(Concurrency.THREADS).hasToString("THREADS");
        assertThat(Concurrency.VIRTUAL_THREADS.name()).isEqualTo("VIRTUAL_THREADS");
        assertThat(Concurrency.boundedPool(2, 4)).isEqualTo(new Concurrency.Pool(2, 4))
                .hasToString("POOL(2 threads, queue 4)");
        assertThatThrownBy(() -> Concurrency.boundedPool(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads < 1: 0");
        assertThatThrownBy(() -> new Concurrency.Pool(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queue < 0: -1");
    }

    /** A server that overrides serverBind, as Python's subclasses do. */
    static final class Counting extends SocketServer {
        int binds;

        Counting(ServerConfig config) throws java.io.IOException {
            super(config);
        }

        @Override
        public void serverBind() {
            binds++;
        }

        @Override
        public void serverActivate() {
        }
    }

    @Test
    @DisplayName("a subclass's serverBind is never called from the constructor: bindAndActivate is refused for it, activate() runs it")
    void noOverridableCallFromTheConstructor() throws Exception {
        assertThatThrownBy(() -> new Counting(ServerConfig.tcp(ANY, Quiet::new)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("withBindAndActivate(false)");
        FakeEvents provider = new FakeEvents();
        ServerConfig events = ServerConfig.events(ServerKind.TCP, ANY, Echo::new).withProvider(provider);
        Counting counting = new Counting(events.withBindAndActivate(false));
        assertThat(counting.binds).isZero();
        assertThat(provider.bound).isEmpty();
        counting.activate();
        assertThat(counting.binds).as("the override ran, once").isEqualTo(1);
        assertThat(provider.bound).as("the override did not call super").isEmpty();
        try (SocketServer plain = new SocketServer(events)) {
            assertThat(provider.bound).hasSize(1);
            assertThat(plain.address()).isEqualTo(new InetSocketAddress("127.0.0.1", 4242));
            assertThat(plain.fileno()).isEqualTo(7);
            assertThatThrownBy(plain::handleRequest).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
