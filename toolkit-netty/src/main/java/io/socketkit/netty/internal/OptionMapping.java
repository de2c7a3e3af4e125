package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.unix.UnixChannelOption;
import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.SocketOption;
import io.socketkit.SocketType;
import io.socketkit.netty.Transport;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import jdk.net.ExtendedSocketOptions;

/**
 * How a {@link SocketOption} reaches a Netty channel on a given transport: a Netty option and the
 * conversion of its value. The portable options use Netty's own constants; Linux's extras use the
 * raw {@code setsockopt} level and number on the native transports, and {@code jdk.net}'s options on NIO.
 *
 * @param <T> the socketkit value type
 * @param <V> the Netty value type
 */
final class OptionMapping<T, V> {
    // Linux's setsockopt levels and names (asm-generic/socket.h, netinet/in.h, netinet/tcp.h).
    private static final int SOL_SOCKET = 1;
    private static final int IPPROTO_IP = 0;
    private static final int IPPROTO_TCP = 6;
    private static final int IPPROTO_IPV6 = 41;
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");

    private static final ConcurrentMap<String, IntegerUnixChannelOption> RAW = new ConcurrentHashMap<>();

    private final SocketOption<T> option;
    private final ChannelOption<V> nettyOption;
    private final Function<T, V> toNetty;
    private final Function<V, T> fromNetty;

    private OptionMapping(SocketOption<T> option, ChannelOption<V> nettyOption, Function<T, V> toNetty,
            Function<V, T> fromNetty) {
        this.option = option;
        this.nettyOption = nettyOption;
        this.toNetty = toNetty;
        this.fromNetty = fromNetty;
    }

    void set(Channel channel, T value) throws IOException {
        boolean known;
        try {
            known = channel.config().setOption(nettyOption, toNetty.apply(value));
        } catch (ChannelException | UnsupportedOperationException e) {
            throw NettyErrors.translate(e.getCause() != null ? e.getCause() : e, "setsockopt " + option, null);
        }
        if (!known) {
            throw Errno.ENOPROTOOPT.newException("setsockopt " + option + ": not on this channel", null);
        }
    }

    T get(Channel channel) throws IOException {
        V value;
        try {
            value = channel.config().getOption(nettyOption);
        } catch (ChannelException | UnsupportedOperationException e) {
            throw NettyErrors.translate(e.getCause() != null ? e.getCause() : e, "getsockopt " + option, null);
        }
        if (value == null) {
            throw Errno.ENOPROTOOPT.newException("getsockopt " + option + ": not on this channel", null);
        }
        return fromNetty.apply(value);
    }

    /**
     * The mapping of an option for a socket of this transport, family and type.
     *
     * @throws IOException EOPNOTSUPP where the family forbids it (TCP options and SO_REUSEPORT on Unix
     *     sockets), ENOPROTOOPT where the transport or type has no such option
     */
    @SuppressWarnings("unchecked")
    static <T> OptionMapping<T, ?> of(SocketOption<T> option, Transport transport, AddressFamily family,
            SocketType type) throws IOException {
        String name = option.name();
        if (family == AddressFamily.UNIX && (name.startsWith("TCP_") || name.startsWith("IP")
                || option == SocketOption.SO_REUSEPORT || option == SocketOption.SO_BROADCAST)) {
            throw Errno.EOPNOTSUPP.newException(option + " is not for Unix sockets", null);
        }
        if (option == SocketOption.IP_HDRINCL) {
            throw Errno.ENOPROTOOPT.newException(option + " is for raw sockets", null);
        }
        if (type == SocketType.DGRAM && name.startsWith("TCP_")) {
            throw Errno.ENOPROTOOPT.newException(option + " is for TCP sockets", null);
        }
        if (type == SocketType.STREAM && (name.startsWith("IP_MULTICAST") || option == SocketOption.SO_BROADCAST)) {
            throw Errno.ENOPROTOOPT.newException(option + " is for UDP sockets", null);
        }
        boolean linuxNative = transport == Transport.EPOLL || transport == Transport.IO_URING;
        switch (name) {
            case "SO_REUSEADDR":
            case "SO_KEEPALIVE":
            case "SO_BROADCAST":
            case "TCP_NODELAY":
                return (OptionMapping<T, ?>) same(option, (ChannelOption<T>) nettyBoolean(name));
            case "SO_RCVBUF":
            case "SO_SNDBUF":
                if (transport == Transport.NIO && LINUX) {
                    // The JDK halves what Linux reports (undoing the kernel's doubling); Python shows
                    // the kernel's value, and so does socketkit.
                    return (OptionMapping<T, ?>) new OptionMapping<>((SocketOption<Integer>) option,
                            name.equals("SO_RCVBUF") ? ChannelOption.SO_RCVBUF : ChannelOption.SO_SNDBUF,
                            size -> size, size -> size * 2);
                }
                return (OptionMapping<T, ?>) same(option, (ChannelOption<T>) ChannelOption.valueOf(name));
            case "SO_LINGER":
            case "IP_MULTICAST_TTL":
            case "IP_TOS":
                return (OptionMapping<T, ?>) same(option, (ChannelOption<T>) ChannelOption.valueOf(name));
            case "IP_MULTICAST_LOOP":
                return (OptionMapping<T, ?>) new OptionMapping<>(SocketOption.IP_MULTICAST_LOOP,
                        ChannelOption.IP_MULTICAST_LOOP_DISABLED, loop -> !loop, disabled -> !disabled);
            case "SO_REUSEPORT":
                if (linuxNative) {
                    return (OptionMapping<T, ?>) linuxBoolean(SocketOption.SO_REUSEPORT, SOL_SOCKET, 15);
                }
                if (transport == Transport.KQUEUE) {
                    return (OptionMapping<T, ?>) same(SocketOption.SO_REUSEPORT, UnixChannelOption.SO_REUSEPORT);
                }
                return (OptionMapping<T, ?>) same(SocketOption.SO_REUSEPORT,
                        NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT));
            default:
                break;
        }
        if (linuxNative) {
            return (OptionMapping<T, ?>) linuxExtra(option);
        }
        if (transport == Transport.NIO) {
            return (OptionMapping<T, ?>) nioExtra(option);
        }
        throw noSuchOption(option, transport);
    }

    private static ChannelOption<Boolean> nettyBoolean(String name) {
        return (ChannelOption<Boolean>) (ChannelOption<?>) ChannelOption.valueOf(name);
    }

    private static OptionMapping<?, ?> linuxExtra(SocketOption<?> option) throws IOException {
        switch (option.name()) {
            case "TCP_KEEPIDLE":
                return linuxInt(SocketOption.TCP_KEEPIDLE, IPPROTO_TCP, 4);
            case "TCP_KEEPINTVL":
                return linuxInt(SocketOption.TCP_KEEPINTVL, IPPROTO_TCP, 5);
            case "TCP_KEEPCNT":
                return linuxInt(SocketOption.TCP_KEEPCNT, IPPROTO_TCP, 6);
            case "TCP_CORK":
                return linuxBoolean(SocketOption.TCP_CORK, IPPROTO_TCP, 3);
            case "TCP_QUICKACK":
                return linuxBoolean(SocketOption.TCP_QUICKACK, IPPROTO_TCP, 12);
            case "TCP_USER_TIMEOUT":
                return linuxInt(SocketOption.TCP_USER_TIMEOUT, IPPROTO_TCP, 18);
            case "IP_FREEBIND":
                return linuxBoolean(SocketOption.IP_FREEBIND, IPPROTO_IP, 15);
            case "IP_TRANSPARENT":
                return linuxBoolean(SocketOption.IP_TRANSPARENT, IPPROTO_IP, 19);
            case "IPV6_V6ONLY":
                return linuxBoolean(SocketOption.IPV6_V6ONLY, IPPROTO_IPV6, 26);
            default:
                throw noSuchOption(option, Transport.EPOLL);
        }
    }

    private static OptionMapping<?, ?> nioExtra(SocketOption<?> option) throws IOException {
        switch (option.name()) {
            case "TCP_KEEPIDLE":
                return same(SocketOption.TCP_KEEPIDLE, NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE));
            case "TCP_KEEPINTVL":
                return same(SocketOption.TCP_KEEPINTVL, NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL));
            case "TCP_KEEPCNT":
                return same(SocketOption.TCP_KEEPCNT, NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT));
            case "TCP_QUICKACK":
                return same(SocketOption.TCP_QUICKACK, NioChannelOption.of(ExtendedSocketOptions.TCP_QUICKACK));
            default:
                throw noSuchOption(option, Transport.NIO);
        }
    }

    private static IOException noSuchOption(SocketOption<?> option, Transport transport) {
        return Errno.ENOPROTOOPT.newException(option + " is not available on " + transport
                + " (the native Linux transports EPOLL and IO_URING have it)", null);
    }

    private static <T> OptionMapping<T, T> same(SocketOption<T> option, ChannelOption<T> nettyOption) {
        return new OptionMapping<>(option, nettyOption, Function.identity(), Function.identity());
    }

    private static OptionMapping<Integer, Integer> linuxInt(SocketOption<Integer> option, int level, int name) {
        return same(option, raw(option, level, name));
    }

    private static OptionMapping<Boolean, Integer> linuxBoolean(SocketOption<Boolean> option, int level, int name) {
        return new OptionMapping<>(option, raw(option, level, name), on -> on ? 1 : 0, value -> value != 0);
    }

    /** One Netty option per raw option: Netty's options are constants, made once. */
    private static IntegerUnixChannelOption raw(SocketOption<?> option, int level, int name) {
        return RAW.computeIfAbsent(option.name(), key -> new IntegerUnixChannelOption("socketkit." + key, level, name));
    }
}
