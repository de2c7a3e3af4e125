package io.socketkit.netty.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * The fast path on an NIO channel: the JDK's own non-blocking {@link SocketChannel} under Netty's,
 * read and written by the caller (the JDK's channel locks keep its reads and writes whole). A platform
 * thread sleeps in a selector of its own.
 */
final class NioDirectIo extends DirectIo {
    private final SocketChannel channel;

    NioDirectIo(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    int read(ByteBuffer buffer) throws IOException {
        return channel.read(buffer);
    }

    @Override
    int write(ByteBuffer buffer) throws IOException {
        return channel.write(buffer);
    }

    @Override
    KernelWaiter threadWaiter() {
        return Waiter.current();
    }

    /**
     * A platform thread's selector. The channel is registered for one wait and deregistered right after
     * it: the JDK defers closing a channel that some selector still holds, which would keep a closed
     * socket's descriptor open until this thread selected again.
     */
    private static final class Waiter extends ThreadWaiter {
        private static final ThreadLocal<Waiter> CURRENT = new ThreadLocal<>();

        private final Selector selector;
        /** The key {@link #arm} made for the next sleep, cancelled after it. */
        private SelectionKey armed;

        private Waiter(Thread owner) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        static Waiter current() {
            return current(CURRENT, Waiter::new);
        }

        @Override
        public void arm(DirectIo io, boolean write) throws IOException {
            armed = ((NioDirectIo) io).channel.register(selector, write ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        @Override
        public void sleep(long nanos) throws IOException {
            try {
                checkInterrupt();
                if (nanos == Long.MAX_VALUE) {
                    selector.select();
                } else {
                    selector.select(Math.max(1, (nanos + 999_999) / 1_000_000));
                }
            } finally {
                armed.cancel();
                armed = null;
                selector.selectNow();
            }
            // The selector's select returns on an interrupt (and leaves the status set).
            checkInterrupt();
        }

        @Override
        public void wakeup() {
            selector.wakeup();
        }

        /** A selector holds kilobytes (its event array, key sets) and two descriptors. */
        @Override
        public boolean retiresWhenIdle() {
            return true;
        }

        @Override
        void release() {
            try {
                selector.close();
            } catch (IOException e) {
                // Nothing is left to do with a selector that would not close.
            }
        }
    }
}
