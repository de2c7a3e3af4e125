package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

/**
 * Sends the empty datagrams written to a datagram channel whose transport would skip them, on the event
 * loop and in order: an empty datagram goes by {@link EmptyDatagramSender} once every datagram written
 * before it is done (sent or failed), and the writes after it wait here until it has gone.
 *
 * <p>The empty datagram never enters Netty's outbound buffer: epoll's batched write ({@code sendmmsg})
 * leaves empty packets out of the batch but then removes as many entries as it sent from the front of
 * the buffer, so an empty packet among others completes too early and the datagram after it is sent
 * twice.
 */
final class EmptyDatagramGate extends ChannelOutboundHandlerAdapter {
    private final EmptyDatagramSender sender;
    private ChannelHandlerContext ctx;
    /** Writes passed on to the transport and not yet done. Event loop only. */
    private int inFlight;
    /** An empty datagram waiting for {@link #inFlight} to reach 0, and the writes after it. Event loop only. */
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    /** Whether {@link #release()} is under way (a write failing at once would call it again). */
    private boolean releasing;
    private final ChannelFutureListener done = f -> {
        if (--inFlight == 0) {
            release();
        }
    };

    private EmptyDatagramGate(EmptyDatagramSender sender) {
        this.sender = sender;
    }

    /**
     * Puts a gate in a new datagram channel's pipeline where its transport skips empty datagrams.
     *
     * @return the channel's sender of empty datagrams, or null where Netty sends them itself
     */
    static EmptyDatagramSender install(Backend backend, Channel channel) {
        EmptyDatagramSender sender = backend.emptyDatagramSender(channel);
        if (sender != null) {
            channel.pipeline().addFirst(new EmptyDatagramGate(sender));
        }
        return sender;
    }

    /** Whether a datagram channel's message is an empty datagram (addressed, or to the connected peer). */
    static boolean isEmpty(Object msg) {
        Object content = msg instanceof AddressedEnvelope ? ((AddressedEnvelope<?, ?>) msg).content() : msg;
        return content instanceof ByteBuf && !((ByteBuf) content).isReadable();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!held.isEmpty() || (isEmpty(msg) && inFlight > 0)) {
            held.add(new Held(msg, promise));
        } else if (isEmpty(msg)) {
            sendNow(msg, promise);
        } else {
            pass(msg, promise);
        }
    }

    private void pass(Object msg, ChannelPromise promise) {
        ChannelPromise counted = promise.unvoid();
        inFlight++;
        counted.addListener(done);
        ctx.write(msg, counted);
    }

    /** Sends an empty datagram now: everything written before it is done. */
    private void sendNow(Object msg, ChannelPromise promise) {
        SocketAddress recipient = msg instanceof AddressedEnvelope ? ((AddressedEnvelope<?, ?>) msg).recipient() : null;
        ReferenceCountUtil.release(msg);
        if (!ctx.channel().isOpen()) {
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        try {
            sender.send(recipient);
            promise.trySuccess();
        } catch (IOException | RuntimeException e) {
            promise.tryFailure(e);
        }
    }

    /** The transport has done every write passed on: the held empty datagram goes, then what followed it. */
    private void release() {
        if (releasing) {
            return;
        }
        releasing = true;
        boolean passed = false;
        try {
            while (!held.isEmpty()) {
                Held next = held.peek();
                if (isEmpty(next.msg)) {
                    if (inFlight > 0) {
                        break;
                    }
                    held.poll();
                    sendNow(next.msg, next.promise);
                } else {
                    held.poll();
                    pass(next.msg, next.promise);
                    passed = true;
                }
            }
        } finally {
            releasing = false;
        }
        if (passed) {
            ctx.flush();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ClosedChannelException closed = new ClosedChannelException();
        for (Held h; (h = held.poll()) != null; ) {
            ReferenceCountUtil.release(h.msg);
            h.promise.tryFailure(closed);
        }
    }

    /** A write waiting behind an empty datagram. */
    private static final class Held {
        final Object msg;
        final ChannelPromise promise;

        Held(Object msg, ChannelPromise promise) {
            this.msg = msg;
            this.promise = promise;
        }
    }
}
