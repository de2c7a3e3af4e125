package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import java.io.IOException;

/**
 * How a stream socket's channel is made and set up: the descriptor Python's socket has from its
 * creation, with the settings the fast path needs.
 */
final class StreamChannels {
    private StreamChannels() {
    }

    /**
     * A new stream channel for the owner: configured, with the owner's options, registered unless the
     * transport registers lazily ({@link Backend#lazyRegistration()}).
     *
     * @throws IOException if the transport cannot make it or an option fails; nothing is left open then
     */
    static Channel open(StreamSocket owner) throws IOException {
        Channel created;
        try {
            created = owner.backend.newStreamChannel(owner.family);
        } catch (RuntimeException e) {
            throw NettyErrors.translate(e.getCause() != null ? e.getCause() : e, "socket" + owner.where(null), null);
        }
        configure(created, owner);
        try {
            owner.options.applyTo(created, true);
            if (!owner.backend.lazyRegistration()) {
                ChannelFutures.awaitLocal(owner.loops.group().register(created), "socket" + owner.where(null), null);
            }
        } catch (IOException | RuntimeException e) {
            ChannelFutures.discard(created);
            throw e;
        }
        return created;
    }

    /**
     * Gives a stream channel (new, or accepted) the settings of a socket's: those of
     * {@link NettySocket#configure}; Netty never closes the descriptor by itself (a caller may be in a
     * system call on it); the owner's receiver learns of every read the loop makes; and the owner's
     * {@link StreamInbound}.
     */
    static void configure(Channel channel, StreamSocket owner) {
        NettySocket.configure(channel);
        channel.config().setAutoClose(false);
        channel.config().setRecvByteBufAllocator(
                new LoopReadWatch(channel.config().getRecvByteBufAllocator(), owner.receiver));
        channel.pipeline().addLast(new StreamInbound(owner));
    }
}
