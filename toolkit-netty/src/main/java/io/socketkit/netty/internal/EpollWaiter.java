package io.socketkit.netty.internal;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.IoEvent;
import io.netty.channel.IoHandler;
import io.netty.channel.IoRegistration;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A platform thread's own epoll set, through Netty's public {@link ManualIoEventLoop} driven by that
 * thread: {@link #sleep} blocks in {@code epoll_wait} until the descriptor {@link #arm} registered is
 * ready. Interest is edge-triggered and stays armed between waits on the same descriptor, so a thread
 * that keeps waiting on one socket makes no {@code epoll_ctl} per wait; arming another descriptor
 * disarms the previous one. An edge from before the caller's last read may wake it once for nothing
 * (the caller looks again). A descriptor may sit in several epoll sets at once; this one never reads,
 * so the channel's own event loop is unaffected.
 *
 * <p>Each thread's set costs three descriptors (epoll, eventfd, timerfd) and Netty's event loop.
 */
final class EpollWaiter extends ThreadWaiter {
    private static final int EPOLLET = EpollIoOps.EPOLLET.value();
    private static final EpollIoOps READ = EpollIoOps.valueOf(EpollIoOps.EPOLLIN.value() | EPOLLET);
    private static final EpollIoOps WRITE = EpollIoOps.valueOf(EpollIoOps.EPOLLOUT.value() | EPOLLET);
    /** What Netty registers a descriptor with: errors only. */
    private static final EpollIoOps DISARMED = EpollIoOps.EPOLLERR;
    /** The descriptors a thread keeps registered before it forgets the ones that were closed. */
    private static final int KEPT = 8;

    private static final Runnable NOTHING = () -> { };

    private static final ThreadLocal<EpollWaiter> CURRENT = new ThreadLocal<>();

    private final ManualIoEventLoop loop;
    private IoHandler handler;
    private final Map<FileDescriptor, IoRegistration> registered = new IdentityHashMap<>();
    /** The registration armed last, and for what; still armed (edge-triggered) until another is. */
    private IoRegistration armed;
    private EpollIoOps armedFor;

    private EpollWaiter(Thread owner) {
        this.loop = new ManualIoEventLoop(owner, executor -> {
            handler = EpollIoHandler.newFactory(4, DefaultSelectStrategyFactory.INSTANCE).newHandler(executor);
            return handler;
        });
        loop.runNow();
    }

    /** Whether this JVM can have such sets (Netty's epoll library loads). */
    static boolean available() {
        return Epoll.isAvailable();
    }

    /** The calling thread's set, made on first use. */
    static EpollWaiter current() {
        return current(CURRENT, EpollWaiter::new);
    }

    @Override
    public void arm(DirectIo io, boolean write) throws IOException {
        FileDescriptor fd = ((NativeDirectIo) io).fd();
        IoRegistration registration = registration(fd);
        EpollIoOps ops = write ? WRITE : READ;
        if (registration == armed && ops == armedFor) {
            return;
        }
        if (armed != null && armed != registration) {
            disarm(armed);
        }
        armed = null;
        try {
            registration.submit(ops);
            armed = registration;
            armedFor = ops;
        } catch (UncheckedIOException e) {
            forget(fd);
            throw e.getCause();
        }
    }

    /**
     * Stops a registration armed before from waking this thread. Its descriptor may have been closed
     * meanwhile by its socket's owner (not under this caller's lock): then it has left the set by
     * itself, and the kernel's EBADF or ENOENT says only that.
     */
    private static void disarm(IoRegistration registration) {
        if (!registration.isValid()) {
            return;
        }
        try {
            registration.submit(DISARMED);
        } catch (UncheckedIOException closedMeanwhile) {
            registration.cancel();
        }
    }

    @Override
    public void sleep(long nanos) throws IOException {
        checkInterrupt();
        loop.run(nanos == Long.MAX_VALUE ? 0 : Math.max(1, nanos));
        checkInterrupt();
    }

    /** A task, not {@link ManualIoEventLoop#wakeup()}: that one is lost if it comes just before the wait. */
    @Override
    public void wakeup() {
        loop.execute(NOTHING);
    }

    private IoRegistration registration(FileDescriptor fd) throws IOException {
        IoRegistration registration = registered.get(fd);
        if (registration != null) {
            return registration;
        }
        // A closed descriptor left the kernel's set by itself; its number may be the new one's.
        if (registered.size() >= KEPT || registered.keySet().stream().anyMatch(old -> old.intValue() == fd.intValue())) {
            registered.entrySet().removeIf(entry -> {
                boolean stale = !entry.getKey().isOpen() || entry.getKey().intValue() == fd.intValue();
                if (stale) {
                    entry.getValue().cancel();
                }
                return stale;
            });
        }
        io.netty.util.concurrent.Future<IoRegistration> done = loop.register(new Handle(fd));
        if (!done.isSuccess()) {
            throw done.cause() instanceof IOException ? (IOException) done.cause() : new IOException(done.cause());
        }
        registration = done.getNow();
        registered.put(fd, registration);
        return registration;
    }

    private void forget(FileDescriptor fd) {
        IoRegistration registration = registered.remove(fd);
        if (registration == armed) {
            armed = null;
        }
        if (registration != null) {
            registration.cancel();
        }
    }

    /** Tens of kilobytes (Netty's event loop and its registration table) and three descriptors. */
    @Override
    public boolean retiresWhenIdle() {
        return true;
    }

    @Override
    void release() {
        IoHandler current = handler;
        if (current != null) {
            current.prepareToDestroy();
            current.destroy();
        }
    }

    /** A descriptor in the set; readiness needs no action: the waiting thread looks again. */
    private static final class Handle implements EpollIoHandle {
        private final FileDescriptor fd;

        Handle(FileDescriptor fd) {
            this.fd = fd;
        }

        @Override
        public FileDescriptor fd() {
            return fd;
        }

        @Override
        public void handle(IoRegistration registration, IoEvent ioEvent) {
        }

        @Override
        public void close() {
        }
    }
}
