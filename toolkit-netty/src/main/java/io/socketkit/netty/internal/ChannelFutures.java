package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.socketkit.TimeoutError;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/** A caller's waits for Netty's channel operations, and closing channels as close(2) does. */
final class ChannelFutures {
    private ChannelFutures() {
    }

    /**
     * Waits for a Netty operation; callers hold no lock the event loop takes.
     *
     * @throws IOException its failure, translated; a timeout if the deadline passes first
     */
    static void await(ChannelFuture future, Deadline deadline, String call, SocketAddress address) throws IOException {
        try {
            long left = deadline.nanosLeft();
            if (left == Long.MAX_VALUE) {
                future.await();
            } else if (left <= 0 || !future.await(left, TimeUnit.NANOSECONDS)) {
                throw new TimeoutError("timed out: " + call, address);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(call + " interrupted");
            interrupted.initCause(e);
            throw interrupted;
        }
        if (!future.isSuccess()) {
            throw NettyErrors.translate(future.cause(), call, address);
        }
    }

    /**
     * Waits for a quick local operation (register, bind, close), whatever the socket's mode.
     *
     * @throws IOException its failure, translated
     */
    static void awaitLocal(ChannelFuture future, String call, SocketAddress address) throws IOException {
        await(future, Deadline.start(null), call, address);
    }

    /** Closes a channel, registered or not (an unregistered one has no event loop to close it on). */
    static ChannelFuture discard(Channel channel) {
        if (channel.isRegistered()) {
            return channel.close();
        }
        channel.unsafe().closeForcibly();
        return channel.newSucceededFuture();
    }

    /**
     * Closes a channel and, unless called on an event loop, waits (up to 5 s) until its descriptor is
     * closed: afterwards the port or path is free, as after close(2).
     */
    static void closeNow(Backend backend, Channel channel) {
        boolean waitable = channel.isRegistered() && !channel.eventLoop().inEventLoop();
        ChannelFuture closed = discard(channel);
        if (waitable) {
            closed.awaitUninterruptibly(5, TimeUnit.SECONDS);
            backend.awaitDescriptorClosed(channel);
        }
    }
}
