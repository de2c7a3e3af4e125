package io.socketkit.netty.internal;

import io.socketkit.Descriptor;
import io.socketkit.Errno;
import io.socketkit.FdMessage;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sendmsg(2)} and {@code recvmsg(2)} with SCM_RIGHTS, through the foreign-function API
 * ({@link Ffm}, Java 22+): Python's {@code send_fds} and {@code recv_fds}. Netty's own
 * {@code sendFd}/{@code recvFd} pass one descriptor with one byte of their own; these pass the caller's
 * bytes and any number of descriptors, as Python does.
 *
 * <p>The structures are laid out by hand in a direct buffer for the 64-bit Linux ABIs (x86_64,
 * aarch64): {@code struct msghdr} (56 bytes), one {@code struct iovec} (16), then the control
 * buffer of {@code struct cmsghdr}s (16-byte header, 8-byte aligned). The caller keeps the descriptor
 * open for the call.
 */
final class NativeMessages {
    private static final int MSGHDR = 56;
    private static final int IOVEC = 16;
    private static final int CMSGHDR = 16;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CTRUNC = 0x8;
    private static final int MSG_TRUNC = 0x20;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int EAGAIN = 11;
    /** SCM_MAX_FD: the most descriptors Linux takes in one message. */
    static final int MAX_FDS = 253;

    /** {@code ssize_t sendmsg(int, const struct msghdr *, int)}, errno captured. */
    private static final MethodHandle SENDMSG = NativeSockets.available()
        ? Ffm.functionWithErrno("sendmsg", long.class, int.class, long.class, int.class).orElse(null)
        : null;
    /** {@code ssize_t recvmsg(int, struct msghdr *, int)}, errno captured. */
    private static final MethodHandle RECVMSG = NativeSockets.available()
        ? Ffm.functionWithErrno("recvmsg", long.class, int.class, long.class, int.class).orElse(null)
        : null;

    private NativeMessages() {
    }

    /** Whether this JVM can pass descriptors: as {@link NativeSockets#available()}. */
    static boolean available() {
        return SENDMSG != null && RECVMSG != null;
    }

    private static int align(int length) {
        return (length + 7) & ~7;
    }

    /**
     * Sends the bytes with the descriptors attached, without waiting.
     *
     * @return how many bytes were sent, or -1 for EAGAIN
     * @throws IOException the errno (EPIPE as {@link io.socketkit.BrokenPipeError}, EBADF for a bad descriptor)
     */
    static long send(int fd, byte[] data, int[] fds) throws IOException {
        int dataLength = fds.length * 4;
        int control = CMSGHDR + align(dataLength);
        ByteBuffer memory = ByteBuffer.allocateDirect(MSGHDR + IOVEC + control + Math.max(data.length, 1))
            .order(ByteOrder.nativeOrder());
        long base = Ffm.address(memory);
        int iov = MSGHDR;
        int cmsg = iov + IOVEC;
        int payload = cmsg + control;
        memory.put(payload, data);
        memory.putLong(iov, base + payload).putLong(iov + 8, data.length);
        memory.putLong(16, base + iov).putLong(24, 1L);
        if (fds.length > 0) {
            memory.putLong(cmsg, CMSGHDR + dataLength).putInt(cmsg + 8, SOL_SOCKET).putInt(cmsg + 12, SCM_RIGHTS);
            for (int i = 0; i < fds.length; i++) {
                memory.putInt(cmsg + CMSGHDR + 4 * i, fds[i]);
            }
            memory.putLong(32, base + cmsg).putLong(40, control);
        }
        Ffm.ErrnoSlot errno = Ffm.errnoSlot();
        long sent;
        try {
            sent = (long) SENDMSG.invokeExact(errno.segment(), fd, base, MSG_DONTWAIT | MSG_NOSIGNAL);
        } catch (Throwable e) {
            throw new AssertionError("sendmsg(2) through the foreign-function API", e);
        }
        if (sent < 0) {
            if (errno.errno() == EAGAIN) {
                return -1;
            }
            throw NativeSockets.failed(errno.errno(), "send_fds");
        }
        return sent;
    }

    /**
     * Receives up to {@code bufsize} bytes and up to {@code maxFds} descriptors, without waiting.
     *
     * @return the message, or null for EAGAIN
     * @throws IOException the errno
     */
    static FdMessage receive(int fd, int bufsize, int maxFds) throws IOException {
        // CMSG_LEN(maxFds * 4), as Python's recv_fds asks: room for exactly maxFds descriptors.
        int control = CMSGHDR + Math.max(maxFds, 1) * 4;
        ByteBuffer memory = ByteBuffer.allocateDirect(MSGHDR + IOVEC + align(control) + Math.max(bufsize, 1))
            .order(ByteOrder.nativeOrder());
        long base = Ffm.address(memory);
        int iov = MSGHDR;
        int cmsg = iov + IOVEC;
        int payload = cmsg + align(control);
        memory.putLong(iov, base + payload).putLong(iov + 8, bufsize);
        memory.putLong(16, base + iov).putLong(24, 1L);
        if (maxFds > 0) {
            memory.putLong(32, base + cmsg).putLong(40, control);
        }
        Ffm.ErrnoSlot errno = Ffm.errnoSlot();
        long received;
        try {
            received = (long) RECVMSG.invokeExact(errno.segment(), fd, base, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
        } catch (Throwable e) {
            throw new AssertionError("recvmsg(2) through the foreign-function API", e);
        }
        if (received < 0) {
            if (errno.errno() == EAGAIN) {
                return null;
            }
            throw NativeSockets.failed(errno.errno(), "recv_fds");
        }
        List<Descriptor> descriptors = descriptors(memory, cmsg, (int) memory.getLong(40));
        byte[] data = new byte[(int) received];
        memory.get(payload, data);
        int flags = memory.getInt(48);
        return new FdMessage(data, descriptors, (flags & (MSG_TRUNC | MSG_CTRUNC)) != 0);
    }

    /** The descriptors in the control messages the kernel wrote ({@code controlLength} bytes from {@code start}). */
    private static List<Descriptor> descriptors(ByteBuffer memory, int start, int controlLength) {
        List<Descriptor> found = new ArrayList<>();
        int offset = start;
        int end = start + controlLength;
        while (offset + CMSGHDR <= end) {
            int length = (int) memory.getLong(offset);
            if (length < CMSGHDR) {
                break;
            }
            if (memory.getInt(offset + 8) == SOL_SOCKET && memory.getInt(offset + 12) == SCM_RIGHTS) {
                for (int at = offset + CMSGHDR; at + 4 <= offset + length; at += 4) {
                    found.add(new PassedDescriptor(memory.getInt(at)));
                }
            }
            offset += align(length);
        }
        return found;
    }

    /**
     * Checks the arguments of {@code send_fds}.
     *
     * @throws IllegalArgumentException for too many descriptors or a negative one
     */
    static void checkFds(int[] fds) {
        if (fds.length > MAX_FDS) {
            throw new IllegalArgumentException("fds: " + fds.length + " descriptors, Linux takes at most " + MAX_FDS);
        }
        for (int fd : fds) {
            if (fd < 0) {
                throw new IllegalArgumentException("fd < 0: " + fd);
            }
        }
    }

    /** The error where descriptors cannot be passed here. */
    static IOException unsupported(String call, String where) {
        return Errno.EOPNOTSUPP.newException(call + where + ": passing descriptors needs the EPOLL transport on"
                + " Java 22+ (sendmsg/recvmsg through the foreign-function API)", null);
    }
}
