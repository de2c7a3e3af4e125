package io.socketkit.netty;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.AddressFamily;
import io.socketkit.SocketType;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The transports and families every socket test runs over. Each case is listed whether or not the
 * machine has it; a test skips a missing one visibly (an assumption naming the cause), so the report
 * shows, say, KQUEUE as skipped on Linux.
 */
public final class Matrix {
    private static final Map<Transport, NettyProvider> PROVIDERS = new EnumMap<>(Transport.class);
    private static final Transport[] SOCKET_TRANSPORTS = {Transport.NIO, Transport.EPOLL, Transport.IO_URING, Transport.KQUEUE};

    private Matrix() {
    }

    /** Every transport with sockets. */
    public static Stream<Transport> transports() {
        return Stream.of(SOCKET_TRANSPORTS);
    }

    /** The two server handler styles: request handlers (Python's) and event handlers (on the loops). */
    public enum Style {
        REQUEST,
        EVENT
    }

    /** Every transport × server handler style. */
    public static Stream<Arguments> styles() {
        return transports().flatMap(t -> Stream.of(Style.values()).map(s -> Arguments.of(t, s)));
    }

    /** Every transport × family for stream sockets. */
    public static Stream<Arguments> streams() {
        return cases();
    }

    /** Every transport × family for datagram sockets. */
    public static Stream<Arguments> datagrams() {
        return cases();
    }

    /** Every transport × IP family. */
    public static Stream<Arguments> inet() {
        return cases().filter(a -> a.get()[1] != AddressFamily.UNIX);
    }

    private static Stream<Arguments> cases() {
        return Stream.of(SOCKET_TRANSPORTS).flatMap(t -> Stream.of(AddressFamily.values()).map(f -> Arguments.of(t, f)));
    }

    /**
     * The shared provider of a transport, skipping the test if the transport is missing here.
     */
    public static synchronized NettyProvider provider(Transport transport) {
        assumeTrue(transport.isAvailable(), () -> transport + " is not available here: " + transport.unavailabilityCause());
        return PROVIDERS.computeIfAbsent(transport, NettyProvider::of);
    }

    /** Skips unless the transport is here, has the pair, and (for INET6) the machine has ::1. */
    public static NettyProvider provider(Transport transport, AddressFamily family, SocketType type) {
        NettyProvider provider = provider(transport);
        assumeTrue(transport.supports(family, type), () -> transport + " has no " + family + "/" + type + " sockets");
        if (family == AddressFamily.INET6) {
            assumeTrue(hasIpv6Loopback(), "this machine has no ::1");
        }
        return provider;
    }

    static boolean hasIpv6Loopback() {
        try {
            NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getByName("::1"));
            return lo != null && lo.inetAddresses().anyMatch(a -> a instanceof Inet6Address);
        } catch (SocketException | java.net.UnknownHostException e) {
            return false;
        }
    }
}
