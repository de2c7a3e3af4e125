package io.socketkit.netty.internal;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * A platform thread's wait in {@code poll(2)} on the socket's descriptor and an eventfd of its own, as
 * the JDK's blocking sockets wait: one system call per wait and nothing registered anywhere. The call
 * goes through the foreign-function API ({@link Ffm}, Java 22+); elsewhere {@link EpollWaiter} serves.
 *
 * <p>Each thread's waiter costs one descriptor (the eventfd) and a few dozen bytes, against the
 * {@link EpollWaiter}'s three descriptors and Netty event loop of tens of kilobytes: it is what keeps a
 * thread-per-connection server's idle connections as light as before the fast path.
 *
 * <p>{@link #wakeup()} makes the eventfd readable, which ends the current wait or the next one; so a
 * socket closed (and its descriptor's number given to another) between {@link #arm} and {@link #sleep}
 * cannot leave the thread waiting on the newcomer: close wakes the waiter first.
 */
final class PollWaiter extends ThreadWaiter {
    private static final short POLLIN = 0x1;
    private static final short POLLOUT = 0x4;
    /** {@code struct pollfd}: int fd, short events, short revents. */
    private static final int POLLFD_BYTES = 8;

    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}, or null where it cannot be had. */
    private static final MethodHandle POLL = Epoll.isAvailable()
        ? Ffm.function("poll", int.class, long.class, long.class, int.class).orElse(null)
        : null;

    private static final ThreadLocal<PollWaiter> CURRENT = new ThreadLocal<>();

    private final FileDescriptor eventFd;
    private final ByteBuffer pollFds = ByteBuffer.allocateDirect(2 * POLLFD_BYTES).order(ByteOrder.nativeOrder());
    private final long address;

    private PollWaiter(Thread owner) {
        eventFd = Native.newEventFd();
        address = Ffm.address(pollFds);
        pollFds.putInt(POLLFD_BYTES, eventFd.intValue()).putShort(POLLFD_BYTES + 4, POLLIN);
    }

    /** Whether this JVM can have such waiters: Java 22+ with native access, and Netty's epoll library. */
    static boolean available() {
        return POLL != null;
    }

    /** The calling thread's waiter, made on first use. */
    static PollWaiter current() {
        return current(CURRENT, PollWaiter::new);
    }

    @Override
    public void arm(DirectIo io, boolean write) {
        pollFds.putInt(0, ((NativeDirectIo) io).fd().intValue()).putShort(4, write ? POLLOUT : POLLIN);
    }

    @Override
    public void sleep(long nanos) throws IOException {
        checkInterrupt();
        int ready;
        try {
            ready = (int) POLL.invokeExact(address, 2L, timeoutMillis(nanos));
        } catch (Throwable e) {
            throw new AssertionError("poll(2) through the foreign-function API", e);
        }
        // -1 is EINTR or a transient failure: a return like any other, the caller looks again.
        if (ready > 0 && (pollFds.getShort(POLLFD_BYTES + 6) & POLLIN) != 0) {
            Native.eventFdRead(eventFd.intValue());
        }
        checkInterrupt();
    }

    private static int timeoutMillis(long nanos) {
        if (nanos == Long.MAX_VALUE) {
            return -1;
        }
        // Rounded up, so that a wait is never shorter than asked (the deadline then says it is over).
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos) + (nanos % 1_000_000 == 0 ? 0 : 1);
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }

    @Override
    public void wakeup() {
        Native.eventFdWrite(eventFd.intValue(), 1L);
    }

    @Override
    void release() {
        try {
            eventFd.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
