package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.socketkit.Errno;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * The send side of a connected {@link StreamSocket}: the caller's own writes to the descriptor (the
 * fast path), the bytes handed to Netty's channel, and the errors writes report.
 *
 * <p>While nothing handed to Netty is still unwritten, the caller writes directly; on EAGAIN (or with no
 * fast path) what fits under the channel's high water mark goes through {@code writeAndFlush}, and later
 * sends follow it until it drains, so bytes never reorder. Once handed over, the bytes are the channel's
 * to deliver, even if the socket is closed at once. A full channel makes {@code send} wait on the owner's
 * {@code writable}.
 *
 * <p>All state is guarded by the owner's {@code lock}; every direct write happens under it and while the
 * socket is open.
 */
final class StreamSender {
    private final StreamSocket owner;
    private boolean outputShut;
    private IOException writeError;
    /** Bytes handed to Netty's channel and not written yet: direct writes wait until none are left. */
    private long queuedInNetty;

    StreamSender(StreamSocket owner) {
        this.owner = owner;
    }

    /**
     * Sends what it can of the buffer's remaining bytes, waiting only until some of them are taken, and
     * advances its position by the count. The bytes are copied once: by the kernel from a direct buffer,
     * else into one pooled direct buffer for the caller's write, or into the buffer handed to Netty.
     *
     * @return the bytes taken (by the kernel or the channel)
     * @throws IOException EPIPE once shut or broken; a write's error (once); a timeout
     */
    int send(ByteBuffer data, Deadline deadline) throws IOException {
        owner.checkOpen("send");
        Channel ch;
        int count;
        SocketAddress remote;
        owner.lock.lock();
        try {
            // Again under the lock: a close since the check above is EBADF, not the EPIPE of its closing channel.
            owner.checkOpen("send");
            remote = owner.remote;
            if (!owner.isConnected() || outputShut) {
                throw epipe(remote);
            }
            ch = owner.channel();
            if (!data.hasRemaining()) {
                return 0;
            }
            while (true) {
                throwWriteError();
                if (!ch.isActive()) {
                    throw epipe(remote);
                }
                if (owner.direct != null && queuedInNetty == 0 && ch.isOpen()) {
                    int written = directWrite(ch, data);
                    if (written > 0) {
                        return written;
                    }
                }
                long room = ch.bytesBeforeUnwritable();
                if (room > 0) {
                    count = (int) Math.min(data.remaining(), room);
                    queuedInNetty += count;
                    break;
                }
                deadline.await(owner.writable, Errno.EAGAIN, "send" + owner.where(remote), remote);
                owner.checkOpen("send");
            }
        } finally {
            owner.lock.unlock();
        }
        ByteBuf buffer = ch.alloc().buffer(count).writeBytes(window(data, count));
        data.position(data.position() + count);
        int queued = count;
        ch.writeAndFlush(buffer).addListener(future -> writeDone(future, queued));
        return count;
    }

    /**
     * Sends bytes with descriptors attached ({@code send_fds}), by the caller's own {@code sendmsg(2)}
     * once nothing handed to Netty is unwritten (so bytes never reorder). When the kernel has no room,
     * the thread sleeps in the kernel until it has ({@code waiter}, a platform thread on the fast path).
     *
     * @return the bytes the kernel took (the descriptors go with the first of them)
     * @throws IOException EPIPE once shut or broken; the call's error (once); a timeout; EAGAIN
     */
    long sendFds(byte[] data, int[] fds, NativeDirectIo io, Deadline deadline) throws IOException {
        owner.lock.lock();
        try {
            owner.checkOpen("send_fds");
            SocketAddress remote = owner.remote;
            if (!owner.isConnected() || outputShut) {
                throw epipe(remote);
            }
            Channel ch = owner.channel();
            while (true) {
                throwWriteError();
                if (!ch.isActive()) {
                    throw epipe(remote);
                }
                if (queuedInNetty == 0 && ch.isOpen()) {
                    long sent;
                    try {
                        sent = NativeMessages.send(io.fd().intValue(), data, fds);
                    } catch (IOException e) {
                        writeError = epipe(remote);
                        outputShut = true;
                        throw NettyErrors.translate(e, "send_fds" + owner.where(remote), remote);
                    }
                    if (sent >= 0) {
                        return sent;
                    }
                    owner.receiver.sleepUntilWritable(io, deadline, "send_fds");
                } else {
                    // writeDone signals when the last byte handed to Netty is written.
                    deadline.await(owner.writable, Errno.EAGAIN, "send_fds" + owner.where(remote), remote);
                }
                owner.checkOpen("send_fds");
            }
        } finally {
            owner.lock.unlock();
        }
    }

    /** The next {@code size} bytes of a buffer, as a view whose position the caller may move. */
    private static ByteBuffer window(ByteBuffer data, int size) {
        ByteBuffer window = data.duplicate();
        window.limit(window.position() + size);
        return window;
    }

    /**
     * The caller's own write, under the owner's lock (which keeps close out), while nothing waits in
     * Netty's channel; advances the buffer's position by what the kernel took.
     *
     * @return the bytes the kernel took; 0 if none now (EAGAIN)
     * @throws IOException the write's error, reported once; later sends fail with EPIPE, as Linux does
     */
    private int directWrite(Channel ch, ByteBuffer data) throws IOException {
        ByteBuffer window = window(data, Math.min(data.remaining(), DirectIo.MAX_CHUNK));
        ByteBuf copy = null;
        try {
            int written;
            ByteBuffer scratch;
            if (window.isDirect()) {
                written = owner.direct.write(window);
            } else if ((scratch = Scratch.take(window.remaining())) != null) {
                window.limit(window.position() + scratch.remaining());
                scratch.put(window).flip();
                written = owner.direct.write(scratch);
                Scratch.moved(scratch, written);
            } else {
                int size = window.remaining();
                // Netty's indexes, not the NIO view's positions: a pooled view starts inside its chunk.
                copy = ch.alloc().directBuffer(size).writeBytes(window);
                written = owner.direct.write(copy.internalNioBuffer(0, size));
            }
            data.position(data.position() + written);
            return written;
        } catch (IOException e) {
            writeError = epipe(owner.remote);
            outputShut = true;
            throw NettyErrors.translate(e, "send" + owner.where(owner.remote), owner.remote);
        } finally {
            if (copy != null) {
                copy.release();
            }
        }
    }

    /** A write that failed before is reported once, then EPIPE, as Linux does. */
    private void throwWriteError() throws IOException {
        if (writeError != null) {
            IOException error = writeError;
            writeError = epipe(owner.remote);
            outputShut = true;
            throw error;
        }
    }

    /** On the event loop: bytes handed to Netty were written, or failed. */
    private void writeDone(io.netty.util.concurrent.Future<? super Void> future, int count) {
        owner.lock.lock();
        try {
            queuedInNetty -= count;
            if (queuedInNetty == 0) {
                // A send_fds waits for this: its bytes must not overtake those.
                owner.writable.signalAll();
            }
            if (future.isSuccess()) {
                return;
            }
            if (writeError == null) {
                // A channel Netty closed under a write is a broken connection, not a closed socket.
                writeError = future.cause() instanceof ClosedChannelException
                        ? epipe(owner.remote)
                        : NettyErrors.translate(future.cause(), "send" + owner.where(owner.remote), owner.remote);
            }
            owner.writable.signalAll();
        } finally {
            owner.lock.unlock();
        }
        owner.fireReadiness();
    }

    private IOException epipe(SocketAddress remote) {
        return Errno.EPIPE.newException("send" + owner.where(remote), remote);
    }

    /** Under the owner's lock: whether bytes handed to Netty's channel are still unwritten. */
    boolean hasQueued() {
        return queuedInNetty > 0;
    }

    /** Under the owner's lock: shutdown(SHUT_WR); later sends fail with EPIPE. */
    void shutOutput() {
        outputShut = true;
    }

    /** After {@link #shutOutput()}, outside the lock: the FIN follows what send already queued, in order; a TLS connection says close_notify first. */
    void shutdownOutput(DuplexChannel duplex, SslHandler tls) {
        duplex.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(done -> {
            if (tls == null) {
                duplex.shutdownOutput();
            } else {
                tls.closeOutbound().addListener(closed -> duplex.shutdownOutput());
            }
        });
    }

    /** Under the owner's lock: whether a send would not block on this channel. */
    boolean writableNow(Channel ch) {
        return ch.isWritable() || !ch.isActive() || outputShut || writeError != null;
    }
}
