package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.FdMessage;
import java.io.IOException;
import java.util.List;

/**
 * {@code recv_fds} on a Unix stream socket: bytes and the descriptors that came with them, read by the
 * caller with {@code recvmsg(2)} ({@link NativeMessages}). Bytes the event loop had already queued come
 * with none (the loop reads with {@code read(2)}, and the kernel closes descriptors read that way);
 * {@link StreamSocket#recvFds} makes sure the loop does not read ahead of such a caller.
 */
final class FdSink implements StreamReceiver.Sink<FdMessage> {
    private static final FdMessage NONE = new FdMessage(NettySocket.EMPTY, List.of(), false);

    private final StreamReceiver receiver;
    private final NativeDirectIo io;
    private final int bufsize;
    private final int maxFds;

    FdSink(StreamReceiver receiver, NativeDirectIo io, int bufsize, int maxFds) {
        this.receiver = receiver;
        this.io = io;
        this.bufsize = bufsize;
        this.maxFds = maxFds;
    }

    @Override
    public int room() {
        return bufsize;
    }

    @Override
    public FdMessage none() {
        return NONE;
    }

    @Override
    public FdMessage fromQueue(InboundQueue queue) {
        return new FdMessage(queue.take(bufsize), List.of(), false);
    }

    @Override
    public FdMessage fromDescriptor(Channel channel) throws IOException {
        FdMessage message;
        try {
            message = NativeMessages.receive(io.fd().intValue(), Math.min(bufsize, DirectIo.MAX_CHUNK), maxFds);
        } catch (IOException e) {
            throw receiver.readFailed(e);
        }
        if (message == null) {
            return null;
        }
        if (message.data().length == 0) {
            // End of stream: nothing can have come with it.
            message.close();
            receiver.endOfStreamRead();
            return null;
        }
        return message;
    }

    /**
     * The fast path's descriptor of a stream socket that can pass descriptors now: a connected Unix socket on
     * EPOLL with Java 22+, used by a platform thread while no selector watches it and no virtual thread
     * waited on it (in those cases the event loop reads ahead, and the kernel closes descriptors that
     * come with bytes read that way).
     *
     * @throws IOException EOPNOTSUPP naming what is missing
     */
    static NativeDirectIo descriptorOf(StreamSocket socket, String call) throws IOException {
        socket.lock.lock();
        try {
            socket.checkConnected(call);
            if (socket.family != AddressFamily.UNIX) {
                throw Errno.EOPNOTSUPP.newException(call + socket.where(socket.remote) + ": Unix sockets only", socket.remote);
            }
            if (!(socket.direct instanceof NativeDirectIo) || !NativeMessages.available()) {
                throw NativeMessages.unsupported(call, socket.where(socket.remote));
            }
            if (socket.watched() || socket.receiver.loopReadsAhead() || Threads.isVirtual(Thread.currentThread())) {
                throw Errno.EOPNOTSUPP.newException(call + socket.where(socket.remote) + ": on a Unix stream socket, descriptors"
                        + " pass only while the caller reads itself: a platform thread, no selector watching"
                        + " (Unix SEQPACKET sockets have no such limit)", socket.remote);
            }
            return (NativeDirectIo) socket.direct;
        } finally {
            socket.lock.unlock();
        }
    }
}
