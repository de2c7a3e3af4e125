package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Tells a stream socket when its event loop is about to read and when that read is over, so that the
 * caller's own reads never overtake bytes the loop has taken from the kernel but not yet queued. Netty
 * asks the allocator's handle for a buffer right before each read system call and calls
 * {@link RecvByteBufAllocator.Handle#readComplete()} once the read's buffers have gone down the pipeline;
 * that holds for the reads the socket asked for and for the ones Netty makes by itself (on a FIN or an
 * error), on every transport. A read that throws ends with the error passed down the pipeline after
 * {@code readComplete}; the socket ends the loop's read when it gets that error.
 */
@SuppressWarnings("deprecation")
final class LoopReadWatch implements RecvByteBufAllocator {
    /** The socket's side. */
    interface Watcher {
        /** On the event loop, before a read system call. */
        void loopReadStarting();

        /**
         * On the event loop, once what the read took has gone down the pipeline. Not called when the
         * last read system call failed: its error is still to come ({@code exceptionCaught}), and until it
         * has, the caller must not read (the kernel reports a connection's error once).
         */
        void loopReadDone();
    }

    private final RecvByteBufAllocator allocator;
    private final Watcher watcher;

    LoopReadWatch(RecvByteBufAllocator allocator, Watcher watcher) {
        this.allocator = allocator;
        this.watcher = watcher;
    }

    @Override
    public Handle newHandle() {
        return new WatchedHandle((ExtendedHandle) allocator.newHandle());
    }

    private final class WatchedHandle implements ExtendedHandle {
        private final ExtendedHandle delegate;
        /** A buffer was handed out for a read whose result Netty has not reported: the read threw. */
        private boolean unanswered;

        WatchedHandle(ExtendedHandle delegate) {
            this.delegate = delegate;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            watcher.loopReadStarting();
            unanswered = true;
            return delegate.allocate(alloc);
        }

        @Override
        public void readComplete() {
            delegate.readComplete();
            if (!unanswered) {
                watcher.loopReadDone();
            }
        }

        @Override
        public int guess() {
            return delegate.guess();
        }

        @Override
        public void reset(ChannelConfig config) {
            delegate.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            delegate.incMessagesRead(numMessages);
        }

        @Override
        public void lastBytesRead(int bytes) {
            unanswered = false;
            delegate.lastBytesRead(bytes);
        }

        @Override
        public int lastBytesRead() {
            return delegate.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            delegate.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return delegate.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return delegate.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return delegate.continueReading(maybeMoreDataSupplier);
        }
    }
}
