package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.DomainDatagramChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.socketkit.server.DatagramEventHandler;
import io.socketkit.server.EventServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The event-style datagram server's handler: each datagram to the user's handler, on the event loop, as
 * a read-only view of Netty's buffer; a reply of that view is the received buffer itself, retained, as
 * in Netty's own echo.
 */
final class DatagramEventAdapter extends ChannelInboundHandlerAdapter implements DatagramEventHandler.Replies {
    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(DatagramEventAdapter.class);

    private final DatagramEventHandler handler;
    private final Backend backend;
    private final int maxPacketSize;
    private final EventServers.Admission admission;
    private final Supplier<SocketAddress> local;
    /** Counts and logs a reply the transport failed to send; one instance for every reply. */
    private final ChannelFutureListener replyFailed;
    private Channel channel;
    /** Whether the server's socket is a Unix one (so that replies go to Unix addresses only). */
    private boolean unix;
    /** Whether replies were written on the event loop since the last flush. Event loop only. */
    private boolean unflushed;
    /** Whether a batch of reads is under way (so that channelReadComplete will flush). Event loop only. */
    private boolean reading;
    /** Replies from other threads waiting for the event loop. */
    private final Outbox outbox = new Outbox(this::drain);
    /** The datagram being handled and the view onDatagram was given of it: replied without a copy. */
    private final ReceivedView received = new ReceivedView();

    DatagramEventAdapter(DatagramEventHandler handler, Backend backend, int maxPacketSize, EventServers.Admission admission,
            Supplier<SocketAddress> local) {
        this.handler = handler;
        this.backend = backend;
        this.maxPacketSize = maxPacketSize;
        this.admission = admission;
        this.local = local;
        this.replyFailed = f -> {
            if (!f.isSuccess()) {
                admission.failed(f.cause());
                LOG.debug("a reply from {} failed", f.channel(), f.cause());
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        unix = channel instanceof DomainDatagramChannel;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        AddressedEnvelope<ByteBuf, SocketAddress> envelope = (AddressedEnvelope<ByteBuf, SocketAddress>) msg;
        reading = true;
        try {
            ByteBuf content = envelope.content();
            int length = content.readableBytes();
            admission.received(length);
            if (length > maxPacketSize) {
                admission.truncated(backend.sender(envelope.sender()));
                content.writerIndex(content.readerIndex() + maxPacketSize);
            }
            handler.onDatagram(this, received.open(content), backend.sender(envelope.sender()));
        } catch (Exception e) {
            admission.failed(e);
            LOG.warn("datagram handler failed on {}", ctx.channel(), e);
        } finally {
            received.close();
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // An ICMP error for an earlier reply, say: the server goes on.
        LOG.debug("datagram server {} error", ctx.channel(), cause);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Replies written during this batch of reads go out in one flush, as Netty's own echo does.
        reading = false;
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    @Override
    public void sendTo(ByteBuffer data, SocketAddress address) {
        Objects.requireNonNull(data, "data");
        SocketAddress recipient = recipient(address);
        // The bytes onDatagram was given go from Netty's own buffer, no copy; anything else is copied.
        ByteBuf content = channel.eventLoop().inEventLoop() ? received.retainedFor(data) : null;
        if (content == null) {
            content = channel.alloc().buffer(data.remaining()).writeBytes(data.duplicate());
        }
        send(content, recipient);
    }

    @Override
    public void sendTo(byte[] data, SocketAddress address) {
        Objects.requireNonNull(data, "data");
        SocketAddress recipient = recipient(address);
        send(channel.alloc().buffer(data.length).writeBytes(data), recipient);
    }

    /** Netty's address for a reply's recipient, checked against the server's family. */
    private SocketAddress recipient(SocketAddress address) {
        Objects.requireNonNull(address, "address");
        SocketAddress recipient;
        try {
            recipient = backend.toNetty(address);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (unix ? !(recipient instanceof DomainSocketAddress) : !(recipient instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("cannot reply to " + address + " from a "
                    + (unix ? "Unix" : "UDP") + " server");
        }
        return recipient;
    }

    /**
     * Sends a reply: on the loop during a read batch, flushed at its end; on the loop otherwise, at
     * once; from another thread through the {@link #outbox}, whose drain sends every reply that arrived
     * meanwhile in one flush (the transport may then send them in one system call).
     */
    private void send(ByteBuf content, SocketAddress recipient) {
        AddressedEnvelope<ByteBuf, ? extends SocketAddress> reply = backend.datagram(content, recipient);
        if (channel.eventLoop().inEventLoop()) {
            outbox.catchUp();
            write(reply);
            if (reading) {
                unflushed = true;
            } else {
                channel.flush();
            }
        } else {
            outbox.submit(channel.eventLoop(), reply, ReferenceCountUtil::release);
        }
    }

    /** Sends, on the loop, every reply other threads have queued, with one flush. */
    private void drain() {
        if (outbox.drain(reply -> write((AddressedEnvelope<?, ?>) reply))) {
            channel.flush();
        }
    }

    /** Writes a reply on the loop and counts its bytes (a reply discarded with a shut-down loop is not counted). */
    private void write(AddressedEnvelope<?, ?> reply) {
        admission.sent(((ByteBuf) reply.content()).readableBytes());
        channel.write(reply).addListener(replyFailed);
    }

    @Override
    public SocketAddress localAddress() {
        return local.get();
    }
}
