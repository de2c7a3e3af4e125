package io.socketkit.netty;

import io.socketkit.AddressFamily;
import io.socketkit.SocketType;
import io.socketkit.netty.internal.NativeTransports;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Netty's transports, each able to carry the same sockets:
 *
 * <table>
 * <caption>What each transport carries</caption>
 * <tr><th>transport</th><th>TCP</th><th>UDP</th><th>Unix stream</th><th>Unix datagram</th>
 *     <th>raw (IP), Unix seqpacket, passing descriptors</th><th>where</th></tr>
 * <tr><td>NIO</td><td>yes</td><td>yes</td><td>yes</td><td>no</td><td>no</td><td>everywhere</td></tr>
 * <tr><td>EPOLL</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>Java 22+</td><td>Linux</td></tr>
 * <tr><td>IO_URING</td><td>yes</td><td>yes</td><td>yes</td><td>no</td><td>no</td><td>Linux 5.x+</td></tr>
 * <tr><td>KQUEUE</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>no</td><td>macOS, BSD</td></tr>
 * </table>
 *
 * <p>Netty has no channel for raw and seqpacket sockets: on EPOLL with Java 22+ socketkit makes their
 * descriptors with {@code socket(2)} through the foreign-function API and has the event loop watch them.
 *
 * <p>Like Netty's own probes ({@code Epoll.isAvailable()}), each answers {@link #isAvailable()} and
 * {@link #unavailabilityCause()}; {@link #supports} is the one place to ask about a family and type.
 */
public enum Transport {
    /** The JDK's selector: everywhere, no descriptors exposed, no Unix datagrams. */
    NIO(null, false, false),
    /** Linux epoll (native); also raw and Unix seqpacket sockets, on Java 22+. */
    EPOLL("epoll", true, true),
    /** Linux io_uring (native); no Unix datagrams in Netty 4.2. */
    IO_URING("io_uring", false, false),
    /** BSD and macOS kqueue (native). */
    KQUEUE("kqueue", true, false);

    /** The system property that picks the transport when code does not: {@code nio|epoll|io_uring|kqueue}. */
    public static final String PROPERTY = "socketkit.transport";

    /** Netty's name for the native library, or null for the JDK's NIO. */
    private final String nativeKind;
    /** Whether it has Unix datagram sockets (every transport has TCP, UDP and Unix stream sockets). */
    private final boolean unixDatagrams;
    /**
     * Whether its event loops can watch a descriptor Netty has no channel for (raw and seqpacket
     * sockets): epoll only; io_uring's loops take only io_uring handles.
     */
    private final boolean packetSockets;

    Transport(String nativeKind, boolean unixDatagrams, boolean packetSockets) {
        this.nativeKind = nativeKind;
        this.unixDatagrams = unixDatagrams;
        this.packetSockets = packetSockets;
    }

    /**
     * Whether this transport can run here (its native library loaded).
     *
     * @return true if usable
     */
    public boolean isAvailable() {
        return unavailabilityCause() == null;
    }

    /**
     * Why this transport cannot run here: Netty's own cause (the native library that failed to load);
     * on the module path, when the native library's module is not resolved, an exception saying which
     * {@code --add-modules} to use, with Netty's cause attached.
     *
     * @return the cause, or {@code null} if available
     */
    public Throwable unavailabilityCause() {
        return NativeTransports.unavailabilityCause(nativeKind, name());
    }

    /**
     * Throws if this transport cannot run here.
     *
     * @throws UnsupportedOperationException naming the transport, with Netty's cause attached
     */
    public void ensureAvailability() {
        Throwable cause = unavailabilityCause();
        if (cause != null) {
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new UnsupportedOperationException("transport " + this + " is not available here: "
                    + (root == cause ? cause : cause + ", caused by " + root), cause);
        }
    }

    /**
     * Whether this transport has sockets of this family and type (whether or not it is available here;
     * for raw and seqpacket sockets, on this JVM: they need Java 22+).
     *
     * @param family the family
     * @param type the type
     * @return true if {@code Sockets.socket(family, type)} can work on it
     */
    public boolean supports(AddressFamily family, SocketType type) {
        if (type == SocketType.RAW && family == AddressFamily.UNIX) {
            // Linux makes a Unix raw socket a datagram socket.
            return supports(family, SocketType.DGRAM);
        }
        if (type == SocketType.RAW || (type == SocketType.SEQPACKET && family == AddressFamily.UNIX)) {
            return packetSockets && NativeTransports.packetSockets();
        }
        return type == SocketType.STREAM || (type == SocketType.DGRAM && (family != AddressFamily.UNIX || unixDatagrams));
    }

    /**
     * The available transports that have sockets of this family and type, strongest first.
     *
     * @param family the family
     * @param type the type
     * @return the transports; empty if none here
     */
    public static List<Transport> supporting(AddressFamily family, SocketType type) {
        List<Transport> found = new ArrayList<>();
        for (Transport t : new Transport[] {EPOLL, KQUEUE, IO_URING, NIO}) {
            if (t.supports(family, type) && t.isAvailable()) {
                found.add(t);
            }
        }
        return found;
    }

    /**
     * The best transport here: EPOLL on Linux, KQUEUE on BSD and macOS, where their native libraries
     * load, else NIO. On the module path the native library is in a module of its own that is resolved
     * only if named; when NIO is taken for that reason, one WARN line says which {@code --add-modules}
     * to use.
     *
     * @return the transport
     */
    public static Transport auto() {
        if (EPOLL.isAvailable()) {
            return EPOLL;
        }
        if (KQUEUE.isAvailable()) {
            return KQUEUE;
        }
        NativeTransports.warnIfAutoFellBack();
        return NIO;
    }

    /**
     * The transport a name stands for, as the system property and the examples' {@code --transport} spell it.
     *
     * @param name {@code auto}, {@code nio}, {@code epoll}, {@code io_uring} (or {@code io-uring}), {@code kqueue}
     * @return the transport; {@link #auto()} for {@code auto}
     * @throws IllegalArgumentException if the name is none of those
     */
    public static Transport fromName(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (key.equals("AUTO")) {
            return auto();
        }
        try {
            return valueOf(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown transport: " + name + " (expected auto, nio, epoll, io_uring or kqueue)", e);
        }
    }

    /**
     * The transport the system property {@value #PROPERTY} names, else {@link #auto()}.
     *
     * @return the transport
     * @throws IllegalArgumentException if the property names no transport
     */
    public static Transport fromSystemProperty() {
        String name = System.getProperty(PROPERTY);
        return name == null || name.isBlank() ? auto() : fromName(name);
    }

    /**
     * The lower-case name used in messages and on the command line.
     *
     * @return {@code "epoll"}, {@code "io_uring"}, ...
     */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
