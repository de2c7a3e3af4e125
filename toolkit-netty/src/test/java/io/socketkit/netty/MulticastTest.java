package io.socketkit.netty;

import static io.socketkit.netty.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.Socket;
import io.socketkit.SocketOption;
import io.socketkit.SocketType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * UDP multicast on the loopback interface. Where this machine's {@code lo} has no MULTICAST flag (this
 * one's has none), the round trip runs in a child JVM inside a network namespace the test makes and
 * removes ({@code ip netns add}, {@code ip link set lo up multicast on}, a route for 224.0.0.0/4 on lo),
 * on each transport; it skips, saying why, only where namespaces cannot be made (not root, no
 * {@code ip}). The machine's own network configuration is never changed.
 */
class MulticastTest extends SocketTestSupport {
    private static final String NAMESPACE = "socketkit-mc-" + ProcessHandle.current().pid();
    private static String namespaceProblem;

    @BeforeAll
    static void makeNamespace() throws Exception {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        if (lo != null && lo.supportsMulticast()) {
            namespaceProblem = "not needed: lo has multicast here";
            return;
        }
        Path ip = Path.of("/usr/sbin/ip");
        if (!Files.isExecutable(ip)) {
            namespaceProblem = "no ip(8) to make a network namespace with";
            return;
        }
        namespaceProblem = run("ip", "netns", "add", NAMESPACE);
        if (namespaceProblem == null) {
            namespaceProblem = run("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", "lo", "up", "multicast", "on");
        }
        if (namespaceProblem == null) {
            namespaceProblem = run("ip", "netns", "exec", NAMESPACE, "ip", "route", "add", "224.0.0.0/4", "dev", "lo");
        }
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        if (namespaceProblem == null || !namespaceProblem.startsWith("not needed")) {
            run("ip", "netns", "del", NAMESPACE);
        }
    }

    /** Runs a command to its end (at most 60 s); null if it succeeded, else what it said. */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + ": did not end in 60 s";
        }
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.exitValue() == 0 ? null : String.join(" ", command) + ": " + said;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("in a network namespace with a multicast loopback: join, receive the group's datagram, leave, nothing after")
    void inNamespace(Transport transport) throws Exception {
        Matrix.provider(transport);
        assumeTrue(namespaceProblem == null, () -> "no network namespace for multicast: " + namespaceProblem);
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path out = tempDir.resolve("probe.txt");
        Process child = new ProcessBuilder("ip", "netns", "exec", NAMESPACE, java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), MulticastProbe.class.getName(), transport.displayName())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the probe JVM ends").isTrue();
        String said = Files.readString(out);
        assertThat(child.exitValue()).as(said).isZero();
        assertThat(said).contains("OK " + transport);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("joinGroup on loopback receives the group's datagrams; leaveGroup; stream sockets have no multicast")
    void joinAndLeave(Transport transport) throws Exception {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        assumeTrue(lo != null && lo.supportsMulticast(),
                "the loopback interface has no multicast here (inNamespace proves it in a network namespace)");
        InetAddress group = InetAddress.getByName("239.255.42.99");
        Socket receiver = open(transport, AddressFamily.INET, SocketType.DGRAM);
        receiver.setOption(SocketOption.SO_REUSEADDR, true);
        receiver.bind(new InetSocketAddress("0.0.0.0", 0));
        int port = ((InetSocketAddress) receiver.getSockName()).getPort();
        receiver.joinGroup(group, lo);
        receiver.setTimeout(Duration.ofSeconds(10));
        Socket sender = open(transport, AddressFamily.INET, SocketType.DGRAM);
        sender.setOption(SocketOption.IP_MULTICAST_LOOP, true);
        sender.bind(new InetSocketAddress("127.0.0.1", 0));
        byte[] hello = "to the group".getBytes(StandardCharsets.US_ASCII);
        sender.sendTo(hello, new InetSocketAddress(group, port));
        assertThat(receiver.recv(100)).isEqualTo(hello);
        receiver.leaveGroup(group, lo);
        Socket tcp = open(transport, AddressFamily.INET, SocketType.STREAM);
        assertErrno(() -> tcp.joinGroup(group, lo), Errno.EOPNOTSUPP);
    }
}
