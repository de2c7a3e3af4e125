package io.socketkit.netty.internal;

import io.netty.channel.unix.Socket;
import io.socketkit.Errno;
import io.socketkit.SocketOption;
import java.io.IOException;

/**
 * Options of a socket that has a descriptor but no Netty channel ({@link PacketSocket}): each one is
 * {@code setsockopt}/{@code getsockopt} with Linux's level and number, through Netty's public
 * {@link Socket}, so the kernel itself answers which options the socket has (ENOPROTOOPT, EOPNOTSUPP),
 * as it does for Python.
 */
final class DescriptorOptions {
    // Linux's levels (asm-generic/socket.h, netinet/in.h).
    private static final int SOL_SOCKET = 1;
    private static final int IPPROTO_IP = 0;
    private static final int IPPROTO_TCP = 6;
    private static final int IPPROTO_IPV6 = 41;

    private DescriptorOptions() {
    }

    /**
     * Sets an option on the descriptor; the caller keeps it open for the call.
     *
     * @throws IOException the kernel's errno
     */
    static <T> void set(Socket fd, SocketOption<T> option, T value, String where) throws IOException {
        try {
            if (option == SocketOption.SO_LINGER) {
                fd.setSoLinger((Integer) value);
                return;
            }
            int[] number = number(option);
            int raw = value instanceof Boolean ? ((Boolean) value ? 1 : 0) : (Integer) value;
            fd.setIntOpt(number[0], number[1], raw);
        } catch (IOException | RuntimeException e) {
            throw NettyErrors.translate(e, "setsockopt " + option + where, null);
        }
    }

    /**
     * Reads an option from the descriptor; the caller keeps it open for the call.
     *
     * @throws IOException the kernel's errno
     */
    static <T> T get(Socket fd, SocketOption<T> option, String where) throws IOException {
        int raw;
        try {
            raw = option == SocketOption.SO_LINGER ? fd.getSoLinger() : fd.getIntOpt(number(option)[0], number(option)[1]);
        } catch (IOException | RuntimeException e) {
            throw NettyErrors.translate(e, "getsockopt " + option + where, null);
        }
        Object value = option.type() == Boolean.class ? (Object) (raw != 0) : (Object) raw;
        return option.type().cast(value);
    }

    /** Level and name; ENOPROTOOPT for an option socketkit has no number for. */
    private static int[] number(SocketOption<?> option) throws IOException {
        switch (option.name()) {
            case "SO_REUSEADDR":
                return new int[] {SOL_SOCKET, 2};
            case "SO_BROADCAST":
                return new int[] {SOL_SOCKET, 6};
            case "SO_SNDBUF":
                return new int[] {SOL_SOCKET, 7};
            case "SO_RCVBUF":
                return new int[] {SOL_SOCKET, 8};
            case "SO_KEEPALIVE":
                return new int[] {SOL_SOCKET, 9};
            case "SO_REUSEPORT":
                return new int[] {SOL_SOCKET, 15};
            case "IP_TOS":
                return new int[] {IPPROTO_IP, 1};
            case "IP_HDRINCL":
                return new int[] {IPPROTO_IP, 3};
            case "IP_FREEBIND":
                return new int[] {IPPROTO_IP, 15};
            case "IP_TRANSPARENT":
                return new int[] {IPPROTO_IP, 19};
            case "IP_MULTICAST_TTL":
                return new int[] {IPPROTO_IP, 33};
            case "IP_MULTICAST_LOOP":
                return new int[] {IPPROTO_IP, 34};
            case "IPV6_V6ONLY":
                return new int[] {IPPROTO_IPV6, 26};
            case "TCP_NODELAY":
                return new int[] {IPPROTO_TCP, 1};
            case "TCP_CORK":
                return new int[] {IPPROTO_TCP, 3};
            case "TCP_KEEPIDLE":
                return new int[] {IPPROTO_TCP, 4};
            case "TCP_KEEPINTVL":
                return new int[] {IPPROTO_TCP, 5};
            case "TCP_KEEPCNT":
                return new int[] {IPPROTO_TCP, 6};
            case "TCP_QUICKACK":
                return new int[] {IPPROTO_TCP, 12};
            case "TCP_USER_TIMEOUT":
                return new int[] {IPPROTO_TCP, 18};
            default:
                throw Errno.ENOPROTOOPT.newException(option + " has no Linux number in socketkit", null);
        }
    }
}
