package io.socketkit.netty.internal;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where virtual threads wait for an epoll socket to become readable, as the JDK's own read poller does
 * for its sockets: one platform thread asleep in an epoll set of its own, which wakes the waiting
 * thread when the descriptor is ready; the woken thread then reads the descriptor itself. Nothing
 * blocks a carrier, and the channel's event loop reads nothing for the waiter (no buffer, no queue,
 * no copy between them).
 *
 * <p>Interest is one-shot, armed for each wait under the socket's lock; a socket's place in the set
 * goes with its close. {@code -Dsocketkit.virtualPoller=false} switches it off: virtual threads then
 * park until the event loop has read for them.
 */
final class VirtualPoller {
    private static final int EPOLLONESHOT = 1 << 30;
    private static final EpollIoOps READ_ONCE = EpollIoOps.valueOf(EpollIoOps.EPOLLIN.value() | EPOLLONESHOT);
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("socketkit.virtualPoller"));

    private static ManualIoEventLoop loop;

    private VirtualPoller() {
    }

    /** Whether virtual threads on epoll sockets wait here: Netty's epoll loads, and it is not switched off. */
    static boolean available() {
        return ENABLED && Epoll.isAvailable();
    }

    /** The poller's loop, started on first use; its thread is a daemon that lives as long as the JVM. */
    private static synchronized ManualIoEventLoop loop() {
        if (loop == null) {
            Thread thread = new Thread(VirtualPoller::run, "socketkit-poller");
            thread.setDaemon(true);
            loop = new ManualIoEventLoop(thread,
                    EpollIoHandler.newFactory(64, DefaultSelectStrategyFactory.INSTANCE));
            thread.start();
        }
        return loop;
    }

    private static void run() {
        ManualIoEventLoop current;
        synchronized (VirtualPoller.class) {
            current = loop;
        }
        while (!current.isShuttingDown()) {
            current.run(0);
        }
    }

    /** One socket's place in the poller's set: readiness runs {@code ready} on the poller's thread. */
    static final class Interest implements EpollIoHandle {
        private final FileDescriptor fd;
        private final Runnable ready;
        private IoRegistration registration;

        /**
         * @param fd the socket's descriptor
         * @param ready what wakes the waiters (takes the socket's lock and signals); must not block
         */
        Interest(FileDescriptor fd, Runnable ready) {
            this.fd = fd;
            this.ready = ready;
        }

        /**
         * Makes the descriptor's next readiness run {@code ready} once. Called under the socket's lock,
         * with the socket open (so the descriptor cannot be closed under the registration).
         *
         * @throws IOException if the descriptor cannot be registered (the caller waits another way)
         */
        void arm() throws IOException {
            if (registration == null) {
                Future<IoRegistration> done = loop().register(this).awaitUninterruptibly();
                if (!done.isSuccess()) {
                    throw done.cause() instanceof IOException ? (IOException) done.cause() : new IOException(done.cause());
                }
                registration = done.getNow();
            }
            try {
                registration.submit(READ_ONCE);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }

        /** Leaves the set; under the socket's lock when it closes. */
        void cancel() {
            if (registration != null) {
                registration.cancel();
                registration = null;
            }
        }

        @Override
        public FileDescriptor fd() {
            return fd;
        }

        @Override
        public void handle(IoRegistration registration, IoEvent ioEvent) {
            ready.run();
        }

        @Override
        public void close() {
        }
    }
}
