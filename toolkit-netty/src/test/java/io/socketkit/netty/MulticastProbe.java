package io.socketkit.netty;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketOption;
import io.socketkit.SocketType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Run by {@link MulticastTest} in a child JVM inside a network namespace whose loopback has the
 * MULTICAST flag: joins a group on one transport, receives the group's datagram, leaves, and proves
 * nothing more arrives. Prints one line, {@code OK ...} or what went wrong, and exits 0 or 1.
 */
public final class MulticastProbe {
    private MulticastProbe() {
    }

    /**
     * Runs the round trip.
     *
     * @param args the transport's name
     * @throws Exception if a socket call fails (the child then exits non-zero with the trace)
     */
    public static void main(String[] args) throws Exception {
        Transport transport = Transport.fromName(args[0]);
        NetworkInterface lo = NetworkInterface.getByName("lo");
        if (lo == null || !lo.supportsMulticast()) {
            System.out.println("FAILED: lo has no MULTICAST flag in this namespace");
            System.exit(1);
        }
        InetAddress group = InetAddress.getByName("239.255.42.99");
        try (NettyProvider provider = NettyProvider.of(transport);
             Socket receiver = provider.socket(AddressFamily.INET, SocketType.DGRAM);
             Socket sender = provider.socket(AddressFamily.INET, SocketType.DGRAM)) {
            receiver.setOption(SocketOption.SO_REUSEADDR, true);
            receiver.bind(new InetSocketAddress("0.0.0.0", 0));
            receiver.setTimeout(Duration.ofSeconds(10));
            int port = ((InetSocketAddress) receiver.getSockName()).getPort();
            receiver.joinGroup(group, lo);
            sender.setOption(SocketOption.IP_MULTICAST_LOOP, true);
            sender.setOption(SocketOption.IP_MULTICAST_TTL, 1);
            sender.bind(new InetSocketAddress("127.0.0.1", 0));
            byte[] hello = "to the group".getBytes(StandardCharsets.US_ASCII);
            sender.sendTo(hello, new InetSocketAddress(group, port));
            byte[] got = receiver.recv(100);
            if (!Arrays.equals(got, hello)) {
                System.out.println("FAILED: received " + new String(got, StandardCharsets.US_ASCII));
                System.exit(1);
            }
            receiver.leaveGroup(group, lo);
            // After leaving, a datagram to the group must not arrive: a marker sent after it, straight to
            // the receiver's port over the same loopback, must be the next thing received.
            sender.sendTo("after leaving".getBytes(StandardCharsets.US_ASCII), new InetSocketAddress(group, port));
            byte[] marker = "marker".getBytes(StandardCharsets.US_ASCII);
            sender.sendTo(marker, new InetSocketAddress("127.0.0.1", port));
            byte[] next = receiver.recv(100);
            if (!Arrays.equals(next, marker)) {
                System.out.println("FAILED: after leaving received " + new String(next, StandardCharsets.US_ASCII));
                System.exit(1);
            }
            System.out.println("OK " + transport + ": joined, received, left, nothing after leaving");
        }
    }
}
