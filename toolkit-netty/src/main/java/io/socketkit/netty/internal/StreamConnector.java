package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.socketkit.Errno;
import io.socketkit.TimeoutError;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * A {@link StreamSocket}'s connect: started by the caller, ended on the event loop, waited for with the
 * socket's deadline. A failed or timed-out connect leaves the socket fresh, so it may connect again
 * (with a new channel), as after a failed connect(2).
 *
 * <p>State is guarded by the owner's {@code lock}; callers' connects are serialised by its {@code setup}.
 */
final class StreamConnector {
    private final StreamSocket owner;
    /** Why the last connect failed, until a connect reports it. */
    private IOException error;

    StreamConnector(StreamSocket owner) {
        this.owner = owner;
    }

    /**
     * Connects, or goes on waiting for a connect under way.
     *
     * @throws IOException EISCONN, EINVAL (listening), EALREADY (non-blocking, under way), the connect's
     *     error, EINPROGRESS or a timeout, EBADF once closed
     */
    void connect(SocketAddress address) throws IOException {
        Deadline deadline = owner.deadline();
        SocketAddress target;
        owner.setup.lock();
        try {
            owner.checkOpen("connect");
            target = owner.checkAddress(address, "connect");
            switch (owner.state()) {
                case CONNECTED:
                    throw Errno.EISCONN.newException("connect" + owner.where(target), target);
                case LISTENING:
                    throw Errno.EINVAL.newException("connect: socket is listening", target);
                case CONNECTING:
                    if (deadline.nonBlocking()) {
                        throw Errno.EALREADY.newException("connect" + owner.where(target), target);
                    }
                    break;
                default:
                    start(target);
                    break;
            }
        } finally {
            owner.setup.unlock();
        }
        finish(deadline, target);
    }

    private void start(SocketAddress target) throws IOException {
        Channel ch = owner.ensureChannel();
        if (!ch.isRegistered()) {
            ChannelFutures.awaitLocal(owner.loops.group().register(ch), "connect" + owner.where(target), target);
        }
        SocketAddress nettyTarget = owner.backend.toNetty(target);
        owner.lock.lock();
        try {
            owner.connecting(target);
            error = null;
        } finally {
            owner.lock.unlock();
        }
        ch.connect(nettyTarget).addListener((ChannelFutureListener) this::done);
    }

    /** On the event loop: the connect ended. */
    private void done(ChannelFuture future) {
        owner.lock.lock();
        try {
            if (future.channel() != owner.channel()) {
                return;
            }
            if (future.isSuccess()) {
                owner.connected();
            } else {
                error = NettyErrors.translate(future.cause(), "connect" + owner.where(owner.remote), owner.remote);
                owner.unconnected();
                future.channel().close();
            }
            owner.readable.signalAll();
            owner.writable.signalAll();
        } finally {
            owner.lock.unlock();
        }
        owner.fireReadiness();
    }

    private void finish(Deadline deadline, SocketAddress target) throws IOException {
        owner.lock.lock();
        try {
            while (owner.state() == StreamSocket.State.CONNECTING) {
                try {
                    deadline.await(owner.writable, Errno.EINPROGRESS, "connect" + owner.where(target), target);
                } catch (TimeoutError e) {
                    // Abandoned; the socket may connect again.
                    Channel ch = owner.channel();
                    if (ch != null) {
                        ChannelFutures.discard(ch);
                    }
                    owner.unconnected();
                    throw e;
                }
                if (owner.closed) {
                    throw Errno.EBADF.newException("connect: socket was closed", target);
                }
            }
            if (error != null) {
                IOException failed = error;
                error = null;
                throw failed;
            }
        } finally {
            owner.lock.unlock();
        }
    }

    /** Under the owner's lock: whether a connect failed and has not been reported (a selector sees it writable). */
    boolean failed() {
        return error != null;
    }
}
