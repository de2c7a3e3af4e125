package io.socketkit.netty.internal;

import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The address rules of a socket of one family on one transport: what an address must be before any
 * system call sees it, and how a channel's address is shown to the caller (as Python shows it).
 * Immutable.
 */
final class SocketAddresses {
    /** The bytes of a Unix path {@code sun_path} holds, less its terminating NUL. */
    static final int UNIX_PATH_MAX_BYTES = 107;

    private final Backend backend;
    private final AddressFamily family;

    SocketAddresses(Backend backend, AddressFamily family) {
        this.backend = backend;
        this.family = family;
    }

    /**
     * Checks an address for this socket and resolves a host name, before any system call.
     *
     * @throws IllegalArgumentException if the address is of another family
     * @throws UnknownHostException if a host name does not resolve to this family
     * @throws IOException ENAMETOOLONG for a Unix path over 107 bytes
     */
    SocketAddress check(SocketAddress address, String call) throws IOException {
        Objects.requireNonNull(address, "address");
        if (address instanceof InetSocketAddress && ((InetSocketAddress) address).isUnresolved()) {
            address = resolve((InetSocketAddress) address);
        }
        AddressFamily given;
        try {
            given = AddressFamily.of(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(call + "(): " + e.getMessage(), e);
        }
        if (given != family) {
            throw new IllegalArgumentException(call + "(): " + family + " address required, got " + given + ": " + address);
        }
        checkUnixPathLength(address, call);
        return address;
    }

    /**
     * A Unix path longer than {@code sun_path} holds fails before any system call.
     *
     * @throws IOException ENAMETOOLONG
     */
    static void checkUnixPathLength(SocketAddress address, String call) throws IOException {
        if (address instanceof UnixDomainSocketAddress) {
            int length = ((UnixDomainSocketAddress) address).getPath().toString().getBytes(StandardCharsets.UTF_8).length;
            if (length > UNIX_PATH_MAX_BYTES) {
                throw Errno.ENAMETOOLONG.newException(call + ": AF_UNIX path too long (" + length
                        + " bytes, max " + UNIX_PATH_MAX_BYTES + ")", address);
            }
        }
    }

    /**
     * Binding a Unix path that exists fails with EADDRINUSE, as bind(2) does; Netty's native transports
     * would unlink the file first, taking the name from whoever has it.
     *
     * @throws IOException EADDRINUSE
     */
    static void checkUnixPathFree(SocketAddress local) throws IOException {
        if (local instanceof UnixDomainSocketAddress) {
            Path path = ((UnixDomainSocketAddress) local).getPath();
            if (!path.toString().isEmpty() && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw Errno.EADDRINUSE.newException("bind " + local, local);
            }
        }
    }

    private InetSocketAddress resolve(InetSocketAddress unresolved) throws UnknownHostException {
        for (InetAddress ip : InetAddress.getAllByName(unresolved.getHostString())) {
            if ((family == AddressFamily.INET6) == (ip instanceof Inet6Address)) {
                return new InetSocketAddress(ip, unresolved.getPort());
            }
        }
        throw new UnknownHostException(unresolved.getHostString() + " has no " + family + " address");
    }

    /** The address a socket shows before it is bound: Python's {@code ('0.0.0.0', 0)} or {@code ''}. */
    SocketAddress unbound() {
        switch (family) {
            case INET:
                return new InetSocketAddress(any(4), 0);
            case INET6:
                return new InetSocketAddress(any(16), 0);
            default:
                return UnixDomainSocketAddress.of("");
        }
    }

    /** The wildcard address of a family: 0.0.0.0 or ::. */
    private static InetAddress any(int length) {
        try {
            return InetAddress.getByAddress(new byte[length]);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A channel's address as socketkit shows it, or {@code known} where the channel cannot tell (io_uring
     * reports no name for Unix sockets), or the {@linkplain #unbound() unbound address}.
     */
    SocketAddress shown(SocketAddress nettyAddress, SocketAddress known) {
        SocketAddress address = backend.fromNetty(nettyAddress);
        if (address == null || (address instanceof UnixDomainSocketAddress && address.toString().isEmpty())) {
            address = known;
        }
        return address == null ? unbound() : address;
    }

    /** How an error names the address and the transport: {@code " 127.0.0.1:80 (epoll)"}. */
    String where(SocketAddress address) {
        return (address == null ? "" : " " + address) + " (" + backend.transport().displayName() + ")";
    }
}
