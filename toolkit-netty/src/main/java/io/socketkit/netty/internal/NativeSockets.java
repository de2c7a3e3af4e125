package io.socketkit.netty.internal;

import io.netty.channel.epoll.Epoll;
import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.SocketType;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The descriptors Netty has no channel for, made by {@code socket(2)} through the foreign-function API
 * ({@link Ffm}, Java 22+), and {@code poll(2)} with a zero timeout to tell their readiness. Everything
 * else on them goes through Netty's public {@link io.netty.channel.unix.Socket}.
 */
final class NativeSockets {
    // Linux's numbers (bits/socket.h, bits/socket_type.h, poll.h).
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    /** {@code struct pollfd}: int fd, short events, short revents. */
    private static final int POLLFD_BYTES = 8;

    /** {@code int socket(int domain, int type, int protocol)}, errno captured; null where it cannot be had. */
    private static final MethodHandle SOCKET = Epoll.isAvailable()
        ? Ffm.functionWithErrno("socket", int.class, int.class, int.class, int.class).orElse(null)
        : null;
    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}. */
    private static final MethodHandle POLL = SOCKET == null
        ? null
        : Ffm.function("poll", int.class, long.class, long.class, int.class).orElse(null);

    /** Each thread's {@code struct pollfd}, with its address (found once: that lookup is reflective). */
    private static final ThreadLocal<PollFd> POLL_FDS = ThreadLocal.withInitial(PollFd::new);

    private NativeSockets() {
    }

    /** Whether this JVM can make such descriptors: Java 22+ with native access, and Netty's epoll library. */
    static boolean available() {
        return SOCKET != null && POLL != null;
    }

    /** What is missing here, for error messages; null if {@link #available()}. */
    static String missing() {
        if (available()) {
            return null;
        }
        if (Runtime.version().feature() < 22) {
            return "Java 22+ (the foreign-function API); this is Java " + Runtime.version().feature();
        }
        if (!Epoll.isAvailable()) {
            return "Netty's epoll library, which did not load: " + Epoll.unavailabilityCause();
        }
        return "native access for the foreign-function API (--enable-native-access=ALL-UNNAMED, or"
            + " io.socketkit.netty on the module path)";
    }

    /**
     * A new non-blocking, close-on-exec socket.
     *
     * @return its descriptor
     * @throws IOException the errno socket(2) gave: EPERM without the privilege for a raw socket,
     *     EPROTONOSUPPORT, EAFNOSUPPORT
     */
    static int socket(AddressFamily family, SocketType type, int proto) throws IOException {
        int domain = family == AddressFamily.UNIX ? AF_UNIX : family == AddressFamily.INET ? AF_INET : AF_INET6;
        int kind = (type == SocketType.RAW ? SOCK_RAW : SOCK_SEQPACKET) | SOCK_NONBLOCK | SOCK_CLOEXEC;
        Ffm.ErrnoSlot errno = Ffm.errnoSlot();
        int fd;
        try {
            fd = (int) SOCKET.invokeExact(errno.segment(), domain, kind, proto);
        } catch (Throwable e) {
            throw new AssertionError("socket(2) through the foreign-function API", e);
        }
        if (fd < 0) {
            throw failed(errno.errno(), "socket(" + family + ", " + type + ", " + proto + ")"
                    + (type == SocketType.RAW ? " (raw sockets need CAP_NET_RAW)" : ""));
        }
        return fd;
    }

    /** The error for an errno a system call gave; Linux's own number, whatever this enum lists. */
    static IOException failed(int errno, String call) {
        Errno known = Errno.ofNumber(errno);
        return known != null ? known.newException(call, null)
                : Errno.EIO.newException(call + ": errno " + errno, null);
    }

    /**
     * The descriptor's readiness now ({@code poll(2)}, not waiting). The caller keeps the descriptor
     * open for the call.
     *
     * @return the {@code revents} bits: {@link #POLLIN}, {@link #POLLOUT}, {@link #POLLERR}, {@link #POLLHUP}
     */
    static int pollNow(int fd) {
        PollFd pollFd = POLL_FDS.get();
        ByteBuffer fds = pollFd.memory;
        fds.putInt(0, fd).putShort(4, (short) (POLLIN | POLLOUT)).putShort(6, (short) 0);
        int ready;
        try {
            ready = (int) POLL.invokeExact(pollFd.address, 1L, 0);
        } catch (Throwable e) {
            throw new AssertionError("poll(2) through the foreign-function API", e);
        }
        return ready > 0 ? fds.getShort(6) : 0;
    }

    private static final class PollFd {
        final ByteBuffer memory = ByteBuffer.allocateDirect(POLLFD_BYTES).order(ByteOrder.nativeOrder());
        final long address = Ffm.address(memory);
    }
}
