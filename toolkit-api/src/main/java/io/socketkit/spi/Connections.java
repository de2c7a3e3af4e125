package io.socketkit.spi;

import io.socketkit.AbstractUnixAddress;
import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.OSError;
import io.socketkit.ServerOptions;
import io.socketkit.Socket;
import io.socketkit.SocketOption;
import io.socketkit.SocketPair;
import io.socketkit.SocketType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The convenience factories of {@link SocketProvider}, written on its {@code socket} method. */
final class Connections {
    private Connections() {
    }

    /**
     * See {@link SocketProvider#createConnection}.
     *
     * @param provider the provider
     * @param address the address
     * @param timeout the timeout or null
     * @param source the source address or null
     * @return the connected socket
     * @throws IOException the last error
     */
    public static Socket createConnection(SocketProvider provider, SocketAddress address, Duration timeout,
            SocketAddress source) throws IOException {
        Objects.requireNonNull(address, "address");
        IOException last = null;
        for (SocketAddress candidate : resolve(address)) {
            Socket sock = provider.socket(AddressFamily.of(candidate), SocketType.STREAM);
            try {
                sock.setTimeout(timeout);
                if (source != null) {
                    sock.bind(source);
                }
                sock.connect(candidate);
                return sock;
            } catch (IOException | RuntimeException e) {
                closeQuietly(sock, e);
                if (e instanceof RuntimeException) {
                    throw (RuntimeException) e;
                }
                last = (IOException) e;
            }
        }
        throw last;
    }

    /**
     * See {@link SocketProvider#createServer}.
     *
     * @param provider the provider
     * @param address the address
     * @param options the options
     * @return the listening socket
     * @throws IOException if a step fails
     */
    public static Socket createServer(SocketProvider provider, SocketAddress address, ServerOptions options)
            throws IOException {
        Objects.requireNonNull(options, "options");
        AddressFamily family = AddressFamily.of(address);
        if (options.reusePort() && family == AddressFamily.UNIX) {
            throw new IllegalArgumentException("SO_REUSEPORT is not for Unix sockets: " + address);
        }
        Socket sock = provider.socket(family, SocketType.STREAM);
        try {
            if (family != AddressFamily.UNIX) {
                sock.setOption(SocketOption.SO_REUSEADDR, true);
            }
            if (options.reusePort()) {
                sock.setOption(SocketOption.SO_REUSEPORT, true);
            }
            if (family == AddressFamily.INET6) {
                setV6Only(sock, !options.dualStackIpv6());
            }
            sock.bind(address);
            if (options.backlog() < 0) {
                sock.listen();
            } else {
                sock.listen(options.backlog());
            }
            return sock;
        } catch (IOException | RuntimeException e) {
            closeQuietly(sock, e);
            throw e;
        }
    }

    /**
     * Sets IPV6_V6ONLY where the transport has it. Where it has not (the JDK's sockets under NIO),
     * an INET6 listener is dual stack whatever was asked: documented in docs/python-parity.md.
     */
    private static void setV6Only(Socket sock, boolean v6Only) throws IOException {
        try {
            sock.setOption(SocketOption.IPV6_V6ONLY, v6Only);
        } catch (IOException e) {
            if (Errno.of(e) != Errno.ENOPROTOOPT) {
                throw e;
            }
        }
    }

    /**
     * See {@link SocketProvider#socketPair}.
     *
     * @param provider the provider
     * @return the pair
     * @throws IOException if it cannot be made
     */
    public static SocketPair socketPair(SocketProvider provider) throws IOException {
        Socket listener;
        SocketAddress address;
        Path directory = null;
        try {
            listener = provider.socket(AddressFamily.UNIX, SocketType.STREAM);
            directory = Files.createTempDirectory("socketkit-pair");
            address = UnixDomainSocketAddress.of(directory.resolve("s"));
        } catch (IOException e) {
            if (!(e instanceof OSError) || directory != null) {
                throw e;
            }
            // No Unix stream sockets here: a TCP pair over loopback, as Python does on such platforms.
            listener = provider.socket(AddressFamily.INET, SocketType.STREAM);
            address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        }
        try (Socket server = listener) {
            server.bind(address);
            server.listen(1);
            Socket client = provider.socket(server.family(), SocketType.STREAM);
            try {
                client.connect(server.getSockName());
                return new SocketPair(client, server.accept().connection());
            } catch (IOException | RuntimeException e) {
                closeQuietly(client, e);
                throw e;
            }
        } finally {
            if (directory != null) {
                Files.deleteIfExists(directory.resolve("s"));
                Files.deleteIfExists(directory);
            }
        }
    }

    /**
     * See {@link SocketProvider#socketPair(AddressFamily, SocketType)}.
     *
     * @param provider the provider
     * @param family the family
     * @param type the type
     * @return the pair
     * @throws IOException if it cannot be made, with Linux's errno for a pair Linux has not
     */
    public static SocketPair socketPair(SocketProvider provider, AddressFamily family, SocketType type)
            throws IOException {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(type, "type");
        SocketKinds.checkPair(family, type);
        Path directory = Files.createTempDirectory("socketkit-pair");
        try {
            if (type == SocketType.STREAM || type == SocketType.SEQPACKET) {
                return connectedByListener(provider, type, UnixDomainSocketAddress.of(directory.resolve("s")));
            }
            return connectedToEachOther(provider, type, UnixDomainSocketAddress.of(directory.resolve("a")),
                    UnixDomainSocketAddress.of(directory.resolve("b")));
        } finally {
            for (String name : new String[] {"s", "a", "b"}) {
                Files.deleteIfExists(directory.resolve(name));
            }
            Files.deleteIfExists(directory);
        }
    }

    private static SocketPair connectedByListener(SocketProvider provider, SocketType type, SocketAddress address)
            throws IOException {
        try (Socket server = provider.socket(AddressFamily.UNIX, type)) {
            server.bind(address);
            server.listen(1);
            Socket client = provider.socket(AddressFamily.UNIX, type);
            try {
                client.connect(address);
                return new SocketPair(client, server.accept().connection());
            } catch (IOException | RuntimeException e) {
                closeQuietly(client, e);
                throw e;
            }
        }
    }

    /** Two datagram sockets, each bound and connected to the other (connected, they need no path after). */
    private static SocketPair connectedToEachOther(SocketProvider provider, SocketType type, SocketAddress a,
            SocketAddress b) throws IOException {
        Socket first = provider.socket(AddressFamily.UNIX, type);
        Socket second = null;
        try {
            second = provider.socket(AddressFamily.UNIX, type);
            first.bind(a);
            second.bind(b);
            first.connect(b);
            second.connect(a);
            return new SocketPair(first, second);
        } catch (IOException | RuntimeException e) {
            closeQuietly(first, e);
            if (second != null) {
                closeQuietly(second, e);
            }
            throw e;
        }
    }

    private static List<SocketAddress> resolve(SocketAddress address) throws IOException {
        List<SocketAddress> candidates = new ArrayList<>();
        if (address instanceof InetSocketAddress && ((InetSocketAddress) address).isUnresolved()) {
            InetSocketAddress unresolved = (InetSocketAddress) address;
            for (InetAddress ip : InetAddress.getAllByName(unresolved.getHostString())) {
                candidates.add(new InetSocketAddress(ip, unresolved.getPort()));
            }
        } else if (address instanceof InetSocketAddress || address instanceof UnixDomainSocketAddress
                || address instanceof AbstractUnixAddress) {
            candidates.add(address);
        } else {
            throw new IllegalArgumentException("unsupported address type: " + address.getClass().getName());
        }
        return candidates;
    }

    private static void closeQuietly(Socket sock, Exception primary) {
        try {
            sock.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
