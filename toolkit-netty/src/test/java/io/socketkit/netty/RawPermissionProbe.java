package io.socketkit.netty;

import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.SocketType;
import io.socketkit.Sockets;
import java.io.IOException;

/** Run by {@link RawSocketTest} in a JVM without CAP_NET_RAW: prints what making a raw socket throws. */
public final class RawPermissionProbe {
    private RawPermissionProbe() {
    }

    /**
     * Tries a raw ICMP socket on epoll and prints the error's class, errno and message.
     *
     * @param args none
     */
    public static void main(String[] args) {
        try (NettyProvider epoll = NettyProvider.of(Transport.EPOLL)) {
            epoll.socket(AddressFamily.INET, SocketType.RAW, Sockets.IPPROTO_ICMP).close();
            System.out.println("made a raw socket: the privilege was not dropped");
            System.exit(1);
        } catch (IOException e) {
            System.out.println(e.getClass().getName() + " " + Errno.of(e) + " " + e.getMessage());
        }
    }
}
