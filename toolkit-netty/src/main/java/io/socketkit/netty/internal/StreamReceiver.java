package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.socketkit.Errno;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The receive side of a connected {@link StreamSocket}: what the event loop queued, the caller's own
 * reads of the descriptor (the fast path), and the waits in between.
 *
 * <h2>Order</h2>
 * The channel runs with auto-read off. The event loop appends what it reads to an {@link InboundQueue}
 * and asks for the next read only while fewer than {@link #INBOUND_LIMIT} bytes wait there, so a reader
 * that stops reading closes the TCP window. A caller reads the descriptor itself only when the queue is
 * empty and no read of the loop's is asked or under way ({@link LoopReadWatch} tells), so its reads
 * never overtake bytes the loop took from the kernel.
 *
 * <h2>Waiting</h2>
 * A platform thread on the fast path sleeps in the kernel, a virtual thread on epoll waits for the
 * {@link VirtualPoller} ({@link DirectWaits}); close, shutdown and
 * the loop's deliveries wake it. Any other caller parks on the owner's {@code readable} until the event
 * loop has read for it; a virtual thread that did makes the loop read ahead from then on.
 *
 * <p>All state is guarded by the owner's {@code lock}; every direct read happens under it and while the
 * socket is open, so the descriptor cannot be closed under the call.
 */
final class StreamReceiver implements LoopReadWatch.Watcher {
    /** The most bytes the event loop queues before it stops reading. */
    static final int INBOUND_LIMIT = 256 * 1024;

    private final StreamSocket owner;
    private final InboundQueue inbound = new InboundQueue();
    private boolean eof;
    private boolean inputShut;
    private IOException pendingError;
    /** Whether the event loop is between a read system call and queueing what it read. */
    private boolean loopReading;
    /** Callers parked until the event loop reads for them. */
    private int parkedReaders;
    /** Whether a virtual thread waited here: from then on the event loop reads ahead, as for selectors. */
    private boolean loopReadsAhead;
    /** Where callers on the fast path wait: asleep in the kernel, or woken by the virtual-thread poller. */
    private final DirectWaits waits;

    StreamReceiver(StreamSocket owner) {
        this.owner = owner;
        this.waits = new DirectWaits(owner);
    }

    @Override
    public void loopReadStarting() {
        owner.lock.lock();
        try {
            loopReading = true;
        } finally {
            owner.lock.unlock();
        }
    }

    @Override
    public void loopReadDone() {
        owner.lock.lock();
        try {
            loopReading = false;
        } finally {
            owner.lock.unlock();
        }
    }

    /**
     * Receives up to {@code bufsize} bytes into a new array ({@code recv}): queued ones first, else the
     * caller's own read, else a wait.
     *
     * @return what arrived; empty at end of stream
     * @throws IOException ENOTCONN; the connection's error (once); EBADF once closed; a timeout
     */
    byte[] recv(int bufsize, Deadline deadline) throws IOException {
        return receive(new ArraySink(bufsize), deadline);
    }

    /**
     * Receives into the caller's buffer ({@code recv_into}), advancing its position: bytes are copied
     * once, from the queue or the descriptor into the buffer (a heap buffer's bytes pass through one
     * pooled direct buffer on the way from the kernel).
     *
     * @return the bytes received; 0 at end of stream or for a buffer with no room
     * @throws IOException as {@link #recv}
     */
    int recvInto(ByteBuffer target, Deadline deadline) throws IOException {
        return receive(new BufferSink(target), deadline);
    }

    /**
     * Receives through a sink of the caller's ({@link FdSink}): queued bytes first, else the sink's own
     * read of the descriptor, else a wait.
     *
     * @throws IOException as {@link #recv}
     */
    <T> T receive(Sink<T> sink, Deadline deadline) throws IOException {
        Channel channel;
        T data;
        boolean askForMore = false;
        // Becomes IDLE or IDLE_PARKED once a kernel wait of this call outlasts the idle time.
        int idle = DirectWaits.ACTIVE;
        owner.lock.lock();
        try {
            owner.checkConnected("recv");
            channel = owner.channel();
            if (sink.room() == 0) {
                return sink.none();
            }
            while (true) {
                if (!inbound.isEmpty()) {
                    data = sink.fromQueue(inbound);
                    askForMore = owner.claimRead();
                    break;
                }
                if (pendingError != null) {
                    IOException error = pendingError;
                    pendingError = null;
                    eof = true;
                    throw error;
                }
                if (eof || inputShut || owner.closed) {
                    owner.checkOpen("recv");
                    return sink.none();
                }
                if (callerMayRead()) {
                    data = sink.fromDescriptor(channel);
                    if (data != null) {
                        break;
                    }
                    if (eof) {
                        return sink.none();
                    }
                }
                idle = awaitReadable(channel, deadline, idle);
            }
        } finally {
            owner.lock.unlock();
        }
        if (askForMore) {
            channel.read();
        }
        return data;
    }

    /** Where a receive puts what it gets; its methods run under the owner's lock. */
    interface Sink<T> {
        /** The most bytes it takes. */
        int room();

        /** What a receive of nothing returns. */
        T none();

        /** Takes what fits from the (non-empty) queue. */
        T fromQueue(InboundQueue queue);

        /**
         * Reads the descriptor itself ({@link #readDescriptor}).
         *
         * @return null if nothing came (EAGAIN, or end of stream)
         */
        T fromDescriptor(Channel channel) throws IOException;
    }

    /** {@code recv}: a new array of what arrived. */
    private final class ArraySink implements Sink<byte[]> {
        private final int bufsize;

        ArraySink(int bufsize) {
            this.bufsize = bufsize;
        }

        @Override
        public int room() {
            return bufsize;
        }

        @Override
        public byte[] none() {
            return NettySocket.EMPTY;
        }

        @Override
        public byte[] fromQueue(InboundQueue queue) {
            return queue.take(bufsize);
        }

        @Override
        public byte[] fromDescriptor(Channel channel) throws IOException {
            byte[] data;
            try {
                data = owner.direct.read(channel.alloc(), Math.min(bufsize, DirectIo.MAX_CHUNK));
            } catch (IOException e) {
                throw readFailed(e);
            }
            if (data == null) {
                eof = true;
                return null;
            }
            return data.length == 0 ? null : data;
        }
    }

    /** {@code recv_into}: the caller's buffer, written from its position. */
    private final class BufferSink implements Sink<Integer> {
        private final ByteBuffer target;

        BufferSink(ByteBuffer target) {
            this.target = target;
        }

        @Override
        public int room() {
            return target.remaining();
        }

        @Override
        public Integer none() {
            return 0;
        }

        @Override
        public Integer fromQueue(InboundQueue queue) {
            return queue.takeInto(target);
        }

        @Override
        public Integer fromDescriptor(Channel channel) throws IOException {
            int size = Math.min(target.remaining(), DirectIo.MAX_CHUNK);
            int n;
            ByteBuffer scratch;
            if (target.isDirect()) {
                // Straight from the kernel into the caller's memory.
                ByteBuffer window = target.duplicate();
                window.limit(window.position() + size);
                n = readDescriptor(window);
                target.position(target.position() + n);
            } else if ((scratch = Scratch.take(size)) != null) {
                n = readDescriptor(scratch);
                scratch.flip();
                target.put(scratch);
                Scratch.moved(scratch, n);
            } else {
                ByteBuf buffer = channel.alloc().directBuffer(size);
                try {
                    // Netty's indexes, not the NIO view's positions: a pooled view starts inside its chunk.
                    n = readDescriptor(buffer.internalNioBuffer(0, size));
                    ByteBuffer part = target.duplicate();
                    part.limit(part.position() + n);
                    buffer.getBytes(0, part);
                    target.position(target.position() + n);
                } finally {
                    buffer.release();
                }
            }
            return n == 0 ? null : n;
        }
    }

    /**
     * Whether the caller may read the descriptor itself: no read of the event loop's is asked or under
     * way, so nothing the loop takes from the kernel can be queued behind what the caller reads.
     */
    private boolean callerMayRead() {
        return owner.direct != null && !owner.readRequested && !loopReading && !owner.closed
                && owner.channel().isOpen();
    }

    /**
     * The caller's own read into a direct buffer, under the owner's lock (which keeps close, and the
     * loop's reads, out).
     *
     * @return the bytes read; 0 if nothing is there now (EAGAIN) or at end of stream ({@link #eof} set)
     * @throws IOException the read's error, reported once; the stream ends there
     */
    private int readDescriptor(ByteBuffer target) throws IOException {
        int n;
        try {
            n = owner.direct.read(target);
        } catch (IOException e) {
            throw readFailed(e);
        }
        if (n < 0) {
            eof = true;
            return 0;
        }
        return n;
    }

    /** Under the owner's lock: a sink's own read of the descriptor found the end of the stream. */
    void endOfStreamRead() {
        eof = true;
    }

    /** Under the owner's lock: whether the event loop reads ahead for this socket (a virtual thread waited here). */
    boolean loopReadsAhead() {
        return loopReadsAhead;
    }

    /** A direct read failed: the stream ends there, and the error is reported once. */
    IOException readFailed(IOException e) {
        eof = true;
        return NettyErrors.translate(e, "recv" + owner.where(owner.remote), owner.remote);
    }

    /**
     * Waits, under the owner's lock (released meanwhile), until a receive may proceed: asleep in the
     * kernel where the thread can be (a platform thread on the fast path), woken by the
     * {@link VirtualPoller} (a virtual thread on epoll), else parked until the event loop has read.
     *
     * @param idle {@link DirectWaits#ACTIVE}, or what an earlier wait of this receive found
     * @return what this wait found ({@link DirectWaits#sleep})
     */
    private int awaitReadable(Channel channel, Deadline deadline, int idle) throws IOException {
        String call = "recv" + owner.where(owner.remote);
        long nanos = deadline.nanosToWait(Errno.EAGAIN, call, owner.remote);
        DirectIo io = owner.direct;
        KernelWaiter sleeper = callerMayRead() && idle != DirectWaits.IDLE_PARKED ? io.waiter() : null;
        if (sleeper != null) {
            return waits.sleep(sleeper, io, nanos, idle);
        }
        if (io != null && Threads.isVirtual(Thread.currentThread())) {
            if (callerMayRead() && waits.armPoller(io)) {
                // Woken by the poller (or a close, or the deadline); the caller reads for itself.
                deadline.await(owner.readable, Errno.EAGAIN, call, owner.remote);
                return idle;
            }
            loopReadsAhead = true;
        }
        parkedReaders++;
        try {
            if (owner.claimRead()) {
                channel.read();
            }
            deadline.await(owner.readable, Errno.EAGAIN, call, owner.remote);
        } finally {
            parkedReaders--;
        }
        return idle;
    }

    /**
     * Sleeps in the kernel, under the owner's lock (released meanwhile), until the descriptor is ready
     * for writing, the timeout passes, or close wakes the thread: for {@code send_fds}, which cannot
     * hand its bytes to the event loop.
     *
     * @throws IOException a would-block error or timeout; EOPNOTSUPP where this thread cannot sleep in
     *     the kernel (kernel waits switched off, or no descriptor left for its waiter)
     */
    void sleepUntilWritable(DirectIo io, Deadline deadline, String call) throws IOException {
        long nanos = deadline.nanosToWait(Errno.EAGAIN, call + owner.where(owner.remote), owner.remote);
        KernelWaiter sleeper = io.waiter();
        if (sleeper == null) {
            throw Errno.EOPNOTSUPP.newException(call + owner.where(owner.remote) + ": this thread cannot wait in"
                    + " the kernel (-Dsocketkit.kernelWait=false, or no descriptor left)", owner.remote);
        }
        waits.sleepForWrite(sleeper, io, nanos);
    }

    /** Whether the event loop should read (more) now; called under the owner's lock. */
    boolean wantsMoreReads(boolean watched) {
        if (eof || inputShut) {
            return false;
        }
        if (owner.direct == null || loopReadsAhead || watched) {
            return inbound.bytes() < INBOUND_LIMIT;
        }
        // The fast path: the loop reads only for a parked caller with nothing queued.
        return parkedReaders > 0 && inbound.isEmpty();
    }

    /** Whether a receive would not block; called under the owner's lock. */
    boolean readableNow() {
        return !inbound.isEmpty() || eof || inputShut || pendingError != null;
    }

    /** On the event loop, under the owner's lock: queues what the loop read, unless no one will read it. */
    boolean queue(ByteBuf buffer) {
        if (owner.closed || inputShut || !buffer.isReadable()) {
            buffer.release();
            return false;
        }
        inbound.add(buffer);
        owner.readable.signalAll();
        waits.wakeSleepers();
        return true;
    }

    /** On the event loop, under the owner's lock: the stream ended, with an error or not. */
    void endOfStream(IOException error) {
        if (error != null && !eof && pendingError == null) {
            pendingError = error;
        } else {
            eof = true;
        }
        loopReading = false;
        waits.wakeSleepers();
    }

    /** Under the owner's lock: shutdown(SHUT_RD); what is queued is dropped, receivers return at once. */
    void shutInput() {
        inputShut = true;
        inbound.release();
        owner.readable.signalAll();
        waits.wakeSleepers();
    }

    /** Under the owner's lock: the socket closed; what is queued is dropped, sleepers wake. */
    void close() {
        inbound.release();
        waits.close();
    }

    /** Under the owner's lock: hands what is queued to a TLS handler, which owns the bytes from then on. */
    List<ByteBuf> drainForTls() {
        List<ByteBuf> early = inbound.drain();
        waits.wakeSleepers();
        return early;
    }
}
