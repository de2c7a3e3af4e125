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
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** UDP multicast on the loopback interface. */
class MulticastTest extends SocketTestSupport {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("joinGroup on loopback receives the group's datagrams; leaveGroup; stream sockets have no multicast")
    void joinAndLeave(Transport transport) throws Exception {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        assumeTrue(lo != null && lo.supportsMulticast(), "the loopback interface has no multicast here");
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
