package io.socketkit.netty.internal;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.Future;
import java.io.IOException;

/**
 * A descriptor Netty has no channel for, watched by one of the provider's epoll event loops through
 * Netty's public {@link EpollIoHandle}: edge-triggered for reading and writing, so that each arrival (a
 * packet, a connection, room to send, a hang-up) calls {@code onEvent} once on the event loop, which
 * only wakes whoever waits. The loop never reads or writes the descriptor: callers do.
 */
final class DescriptorRegistration implements EpollIoHandle {
    private static final EpollIoOps INTEREST =
        EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLOUT).with(EpollIoOps.EPOLLRDHUP).with(EpollIoOps.EPOLLET);

    private final FileDescriptor fd;
    private final Runnable onEvent;
    private final Runnable onLoopShutdown;
    private volatile IoRegistration registration;

    private DescriptorRegistration(FileDescriptor fd, Runnable onEvent, Runnable onLoopShutdown) {
        this.fd = fd;
        this.onEvent = onEvent;
        this.onLoopShutdown = onLoopShutdown;
    }

    /**
     * Registers a descriptor on the next of the provider's event loops and starts watching it.
     *
     * @param onEvent called on the event loop after anything happened on the descriptor; quick, never blocking
     * @param onLoopShutdown called on the event loop if it shuts down while the descriptor is registered
     * @throws IOException if Netty cannot register it
     */
    static DescriptorRegistration register(EventLoops loops, FileDescriptor fd, Runnable onEvent,
            Runnable onLoopShutdown) throws IOException {
        DescriptorRegistration handle = new DescriptorRegistration(fd, onEvent, onLoopShutdown);
        IoEventLoop loop = (IoEventLoop) loops.group().next();
        Future<IoRegistration> registered = loop.register(handle).awaitUninterruptibly();
        if (!registered.isSuccess()) {
            throw NettyErrors.translate(registered.cause(), "register with the event loop", null);
        }
        handle.registration = registered.getNow();
        try {
            handle.registration.submit(INTEREST);
        } catch (RuntimeException e) {
            handle.registration.cancel();
            throw NettyErrors.translate(e.getCause() != null ? e.getCause() : e, "epoll_ctl", null);
        }
        return handle;
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        onEvent.run();
    }

    /** Stops watching: the descriptor leaves the loop's epoll set before this returns, so it may be closed. */
    void cancel() {
        IoRegistration current = registration;
        if (current != null) {
            current.cancel();
        }
    }

    /** Netty's call when the loop shuts down with the descriptor still registered. */
    @Override
    public void close() {
        onLoopShutdown.run();
    }
}
