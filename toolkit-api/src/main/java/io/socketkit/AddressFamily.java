package io.socketkit;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** Python's address families: {@code AF_INET}, {@code AF_INET6} and {@code AF_UNIX}. */
public enum AddressFamily {
    /** IPv4; addresses are {@link InetSocketAddress} holding an {@link Inet4Address}. */
    INET,
    /** IPv6; addresses are {@link InetSocketAddress} holding an {@link Inet6Address}. */
    INET6,
    /**
     * Unix domain sockets; addresses are {@link UnixDomainSocketAddress} (a path) or
     * {@link AbstractUnixAddress} (Linux's abstract namespace).
     */
    UNIX;

    /**
     * The family an address belongs to, as Python infers it from the address tuple.
     *
     * @param address an address
     * @return its family
     * @throws IllegalArgumentException if the address is of a type socketkit does not know, or an
     *     unresolved host name (which has no family until it is resolved)
     */
    public static AddressFamily of(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress || address instanceof AbstractUnixAddress) {
            return UNIX;
        }
        if (address instanceof InetSocketAddress) {
            InetSocketAddress inet = (InetSocketAddress) address;
            if (inet.isUnresolved()) {
                throw new IllegalArgumentException("unresolved address has no family: " + address);
            }
            return inet.getAddress() instanceof Inet6Address ? INET6 : INET;
        }
        throw new IllegalArgumentException("unsupported address type: " + address.getClass().getName());
    }
}
