package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.socketkit.Datagram;
import io.socketkit.server.DatagramEventHandler;
import io.socketkit.spi.ServerAccounting;
import java.net.SocketAddress;
import java.util.Arrays;

/** The event-style datagram server's handler: each datagram to the user's handler, on the event loop. */
final class DatagramEventAdapter extends ChannelInboundHandlerAdapter implements DatagramEventHandler.Replies {
    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(DatagramEventAdapter.class);

    private final DatagramEventHandler handler;
    private final Backend backend;
    private final int maxPacketSize;
    private final ServerAccounting accounting;
    private final java.util.function.Supplier<SocketAddress> local;
    private Channel channel;
    /** Whether replies were written on the event loop since the last flush. Event loop only. */
    private boolean unflushed;
    /** Whether a batch of reads is under way (so that channelReadComplete will flush). Event loop only. */
    private boolean reading;

    DatagramEventAdapter(DatagramEventHandler handler, Backend backend, int maxPacketSize, ServerAccounting accounting,
            java.util.function.Supplier<SocketAddress> local) {
        this.handler = handler;
        this.backend = backend;
        this.maxPacketSize = maxPacketSize;
        this.accounting = accounting;
        this.local = local;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        AddressedEnvelope<ByteBuf, SocketAddress> envelope = (AddressedEnvelope<ByteBuf, SocketAddress>) msg;
        reading = true;
        try {
            ByteBuf content = envelope.content();
            byte[] data = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), data);
            accounting.received(data.length);
            if (data.length > maxPacketSize) {
                accounting.truncated();
                LOG.debug("datagram from {} cut to maxPacketSize {}", envelope.sender(), maxPacketSize);
                data = Arrays.copyOf(data, maxPacketSize);
            }
            SocketAddress sender = envelope.sender();
            boolean unnamed = sender == null
                    || (sender instanceof DomainSocketAddress && ((DomainSocketAddress) sender).path().isEmpty());
            handler.onDatagram(this, new Datagram(data, unnamed ? null : backend.fromNetty(sender)));
        } catch (Exception e) {
            accounting.error(e);
            LOG.warn("datagram handler failed on {}", ctx.channel(), e);
        } finally {
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
    public void sendTo(byte[] data, SocketAddress address) {
        try {
            ByteBuf content = channel.alloc().buffer(data.length).writeBytes(data);
            Object reply = backend.datagram(content, backend.toNetty(address));
            io.netty.channel.ChannelFuture written;
            if (reading && channel.eventLoop().inEventLoop()) {
                written = channel.write(reply);
                unflushed = true;
            } else {
                written = channel.writeAndFlush(reply);
            }
            written.addListener(f -> {
                if (f.isSuccess()) {
                    accounting.sent(data.length);
                } else {
                    accounting.error(f.cause());
                    LOG.debug("reply to {} failed", address, f.cause());
                }
            });
        } catch (java.io.IOException e) {
            LOG.warn("cannot reply to {}", address, e);
        }
    }

    @Override
    public SocketAddress localAddress() {
        return local.get();
    }
}
