package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramChannel;
import io.socketkit.Errno;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;

/** Multicast group membership on a UDP channel (Python's IP_ADD_MEMBERSHIP and IP_DROP_MEMBERSHIP). */
final class Multicast {
    private Multicast() {
    }

    /**
     * Joins or leaves a group.
     *
     * @param where the socket's description for error messages
     * @throws IOException EOPNOTSUPP on a Unix socket, or what the channel reports
     */
    static void membership(Channel channel, boolean join, InetAddress group, NetworkInterface networkInterface,
            String where) throws IOException {
        if (!(channel instanceof DatagramChannel)) {
            throw Errno.EOPNOTSUPP.newException("multicast is for UDP sockets", null);
        }
        DatagramChannel udp = (DatagramChannel) channel;
        InetSocketAddress groupAddress = new InetSocketAddress(group, 0);
        String call = (join ? "joinGroup " : "leaveGroup ") + group;
        NettySocket.awaitLocal(join ? udp.joinGroup(groupAddress, networkInterface)
                : udp.leaveGroup(groupAddress, networkInterface), call + where, groupAddress);
    }
}
