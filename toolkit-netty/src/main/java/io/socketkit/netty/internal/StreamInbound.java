package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.IOException;

/**
 * The event loop's side of a stream connection: hands what the loop reads to the socket's
 * {@link StreamReceiver}, reports end of stream and errors, and asks for reads on demand (as every
 * socket's loop side does).
 */
final class StreamInbound extends NettySocket.EventLoopSide {
    private final StreamSocket owner;

    StreamInbound(StreamSocket owner) {
        owner.super();
        this.owner = owner;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        boolean queued;
        owner.lock.lock();
        try {
            queued = owner.receiver.queue((ByteBuf) msg);
        } finally {
            owner.lock.unlock();
        }
        if (queued) {
            owner.fireReadiness();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            endOfStream(null);
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        endOfStream(null);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        endOfStream(NettyErrors.translate(cause, "recv" + owner.where(owner.remote), owner.remote));
    }

    private void endOfStream(IOException error) {
        owner.lock.lock();
        try {
            owner.receiver.endOfStream(error);
            owner.readable.signalAll();
            owner.writable.signalAll();
        } finally {
            owner.lock.unlock();
        }
        owner.fireReadiness();
    }
}
