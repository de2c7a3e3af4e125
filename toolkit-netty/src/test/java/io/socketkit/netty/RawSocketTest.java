package io.socketkit.netty;

import static io.socketkit.netty.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.AddressFamily;
import io.socketkit.Datagram;
import io.socketkit.Errno;
import io.socketkit.PermissionError;
import io.socketkit.Selector;
import io.socketkit.SelectorEvent;
import io.socketkit.Socket;
import io.socketkit.SocketOption;
import io.socketkit.SocketType;
import io.socketkit.Sockets;
import io.socketkit.TimeoutError;
import io.socketkit.netty.internal.NettySockets;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code SOCK_RAW} over IPv4 and IPv6, as Python has them on Linux (as root): ICMP echo to loopback
 * with the IPv4 header on receive and none for ICMPv6, {@code IP_HDRINCL}, every mode. On EPOLL with
 * Java 22+ (the {@code servers-on-jdk25} execution); elsewhere the refusal is checked and the rest
 * skips, saying why. Other processes on this machine may send ICMP to loopback too (a UDP test's port
 * unreachable), so each test looks for its own packet among at most 64.
 */
class RawSocketTest extends SocketTestSupport {
    /** An IP protocol number for experiments (RFC 3692): nobody else sends it here. */
    private static final int EXPERIMENT = 253;
    private static final int MOST_PACKETS = 64;

    private static NettyProvider epoll() {
        NettyProvider provider = Matrix.provider(Transport.EPOLL);
        assumeTrue(Transport.EPOLL.supports(AddressFamily.INET, SocketType.RAW),
                () -> "raw sockets: " + NettySockets.packetSocketsNeed(Transport.EPOLL));
        return provider;
    }

    private Socket raw(AddressFamily family, int proto) throws Exception {
        if (family == AddressFamily.INET6) {
            assumeTrue(Matrix.hasIpv6Loopback(), "this machine has no ::1");
        }
        Socket sock = track(epoll().socket(family, SocketType.RAW, proto));
        sock.setTimeout(Duration.ofSeconds(10));
        return sock;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("where the transport or JVM cannot: EPROTONOSUPPORT naming what would work")
    void refusedElsewhere(Transport transport) {
        NettyProvider provider = Matrix.provider(transport);
        assumeTrue(!transport.supports(AddressFamily.INET, SocketType.RAW),
                () -> transport + " has raw sockets on this JVM");
        for (AddressFamily family : new AddressFamily[] {AddressFamily.INET, AddressFamily.INET6}) {
            assertErrno(() -> provider.socket(family, SocketType.RAW, Sockets.IPPROTO_ICMP), Errno.EPROTONOSUPPORT)
                    .hasMessageContaining("EPOLL").hasMessageContaining("Java 22");
        }
    }

    @Test
    @DisplayName("ICMP echo to 127.0.0.1: our request, then the reply, each with its IPv4 header, checksums right, from ('127.0.0.1', 0)")
    void icmpEcho() throws Exception {
        Socket icmp = raw(AddressFamily.INET, Sockets.IPPROTO_ICMP);
        assertThat(icmp.proto()).isEqualTo(1);
        assertThat(icmp.type()).isEqualTo(SocketType.RAW);
        assertThat(icmp.getSockName()).isEqualTo(new InetSocketAddress("0.0.0.0", 1));
        int id = ThreadLocalRandom.current().nextInt(1 << 16);
        byte[] request = Icmp.echo(Icmp.ECHO_REQUEST, id, 1, ascii("hello"));
        assertThat(icmp.sendTo(request, new InetSocketAddress("127.0.0.1", 0))).isEqualTo(13);
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i < MOST_PACKETS && types.size() < 2; i++) {
            Datagram packet = icmp.recvFrom(1500);
            byte[] data = packet.data();
            if (data.length != 33 || Icmp.identifier(data, 20) != id) {
                continue;
            }
            assertThat(packet.address()).isEqualTo(new InetSocketAddress("127.0.0.1", 0));
            assertThat(data[0] >> 4).as("IPv4 version").isEqualTo(4);
            assertThat(data[9]).as("protocol").isEqualTo((byte) 1);
            assertThat(Icmp.checksum(data, 0, 20)).as("IPv4 header checksum").isZero();
            assertThat(Icmp.checksum(data, 20, 13)).as("ICMP checksum").isZero();
            types.add(data[20] & 0xff);
        }
        assertThat(types).containsExactly(Icmp.ECHO_REQUEST, Icmp.ECHO_REPLY);
    }

    @Test
    @DisplayName("ICMPv6 echo to ::1: no IP header (as Linux gives it), the kernel's checksum verified over the pseudo-header")
    void icmpv6Echo() throws Exception {
        Socket icmp = raw(AddressFamily.INET6, Sockets.IPPROTO_ICMPV6);
        int id = ThreadLocalRandom.current().nextInt(1 << 16);
        // The kernel computes an ICMPv6 checksum itself: 0 here.
        byte[] request = Icmp.echo(Icmp.ECHO6_REQUEST, id, 1, ascii("hello"));
        request[2] = 0;
        request[3] = 0;
        icmp.sendTo(request, new InetSocketAddress("::1", 0));
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i < MOST_PACKETS && types.size() < 2; i++) {
            Datagram packet = icmp.recvFrom(1500);
            byte[] data = packet.data();
            if (data.length != 13 || Icmp.identifier(data, 0) != id) {
                continue;
            }
            assertThat(packet.address()).as("no %%0 scope, as Python shows ('::1', 0, 0, 0)")
                    .hasToString(new InetSocketAddress(InetAddress.getByName("::1"), 0).toString());
            assertThat(Icmp.checksum6(InetAddress.getByName("::1"), data)).as("ICMPv6 checksum").isZero();
            types.add(data[0] & 0xff);
        }
        assertThat(types).containsExactly(Icmp.ECHO6_REQUEST, Icmp.ECHO6_REPLY);
    }

    @Test
    @DisplayName("IP_HDRINCL: a hand-built IPv4 packet is sent as built, and a second raw socket receives it whole")
    void headerIncluded() throws Exception {
        Socket sender = raw(AddressFamily.INET, EXPERIMENT);
        assertThat(sender.getOption(SocketOption.IP_HDRINCL)).isFalse();
        sender.setOption(SocketOption.IP_HDRINCL, true);
        assertThat(sender.getOption(SocketOption.IP_HDRINCL)).isTrue();
        Socket receiver = raw(AddressFamily.INET, EXPERIMENT);
        byte[] payload = ascii("hand-built " + ThreadLocalRandom.current().nextLong());
        byte[] packet = Icmp.ipv4(EXPERIMENT, 42, payload);
        sender.sendTo(packet, new InetSocketAddress("127.0.0.1", 0));
        byte[] got = null;
        for (int i = 0; i < MOST_PACKETS && got == null; i++) {
            byte[] data = receiver.recv(1500);
            if (data.length == packet.length && ByteBuffer.wrap(data, 20, payload.length).equals(ByteBuffer.wrap(payload))) {
                got = data;
            }
        }
        assertThat(got).as("the packet, received").isNotNull();
        assertThat(got[8]).as("the TTL as built").isEqualTo((byte) 42);
        assertThat(got[9]).isEqualTo((byte) EXPERIMENT);
        assertThat(Icmp.checksum(got, 0, 20)).as("header checksum, filled by the kernel").isZero();
        // Off stream and datagram sockets the option is the kernel's ENOPROTOOPT.
        Socket udp = track(epoll().socket(AddressFamily.INET, SocketType.DGRAM));
        assertErrno(() -> udp.setOption(SocketOption.IP_HDRINCL, true), Errno.ENOPROTOOPT);
    }

    @Test
    @DisplayName("modes: non-blocking EAGAIN, a timeout TimeoutError, a blocked recvfrom woken by a packet; truncation to the buffer")
    void modes() throws Exception {
        Socket receiver = raw(AddressFamily.INET, EXPERIMENT);
        receiver.setBlocking(false);
        assertErrno(() -> receiver.recvFrom(100), Errno.EAGAIN);
        receiver.setTimeout(Duration.ofMillis(50));
        assertThatThrownBy(() -> receiver.recv(100)).isInstanceOf(TimeoutError.class);
        receiver.setTimeout(Duration.ofSeconds(10));
        Socket sender = raw(AddressFamily.INET, EXPERIMENT);
        CompletableFuture<byte[]> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return receiver.recv(24);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        sender.sendTo(ascii("0123456789"), new InetSocketAddress("127.0.0.1", 0));
        byte[] cut = blocked.get(10, TimeUnit.SECONDS);
        assertThat(cut).as("20-byte header and 4 of the 10 bytes; the rest is gone").hasSize(24);
        assertThat(ByteBuffer.wrap(cut, 20, 4)).isEqualTo(ByteBuffer.wrap(ascii("0123")));
    }

    @Test
    @DisplayName("a selector: READ once a packet waits, not before; WRITE at once")
    void selector() throws Exception {
        Socket receiver = raw(AddressFamily.INET, EXPERIMENT);
        Socket sender = raw(AddressFamily.INET, EXPERIMENT);
        receiver.setBlocking(false);
        try (Selector selector = epoll().selector()) {
            selector.register(receiver, EnumSet.of(SelectorEvent.READ), null);
            assertThat(selector.select(Duration.ZERO)).isEmpty();
            sender.sendTo(ascii("ping"), new InetSocketAddress("127.0.0.1", 0));
            assertThat(selector.select(Duration.ofSeconds(10))).hasSize(1);
            assertThat(receiver.recv(100)).hasSize(24);
            selector.modify(receiver, EnumSet.of(SelectorEvent.WRITE), null);
            assertThat(selector.select(Duration.ofSeconds(10))).hasSize(1);
        }
    }

    @Test
    @DisplayName("connect sets the default destination: send works; getpeername stays ENOTCONN (as Linux); unconnected send EDESTADDRREQ")
    void connected() throws Exception {
        Socket sender = raw(AddressFamily.INET, EXPERIMENT);
        assertErrno(() -> sender.send(ascii("x")), Errno.EDESTADDRREQ);
        assertErrno(sender::getPeerName, Errno.ENOTCONN);
        sender.connect(new InetSocketAddress("127.0.0.1", 0));
        // Linux answers getpeername on a raw socket with ENOTCONN even when connected, and so does Python.
        assertErrno(sender::getPeerName, Errno.ENOTCONN);
        assertThat(sender.send(ascii("to the peer"))).isEqualTo(11);
        assertErrno(sender::accept, Errno.EOPNOTSUPP);
    }

    @Test
    @DisplayName("without CAP_NET_RAW (a child JVM under setpriv): PermissionError EPERM, as Python's")
    void withoutPrivilege() throws Exception {
        epoll();
        Path setpriv = Path.of("/usr/bin/setpriv");
        assumeTrue(Files.isExecutable(setpriv), "needs setpriv(1) to start a JVM without CAP_NET_RAW");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path out = tempDir.resolve("out.txt");
        Process child = new ProcessBuilder(setpriv.toString(), "--bounding-set", "-net_raw", "--inh-caps", "-all", "--",
                java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                RawPermissionProbe.class.getName())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
        String said = Files.readString(out);
        assertThat(child.exitValue()).as(said).isZero();
        assertThat(said).contains(PermissionError.class.getName()).contains("EPERM").contains("CAP_NET_RAW");
    }
}
