package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.socketkit.Errno;
import io.socketkit.internal.UnixSocketFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The listening side of a {@link StreamSocket}: a Netty server channel with auto-read off whose
 * accepted connections wait in a queue for {@code accept()}.
 *
 * <p>The queue is bounded by the backlog: the event loop asks for more connections only while
 * fewer wait, so a server that stops accepting leaves them in the kernel's backlog, as a plain
 * socket does. State is guarded by the owner's lock; waiting uses the owner's {@code readable}.
 *
 * <h2>Binding once</h2>
 * Python's {@code bind} then {@code listen} keep one descriptor; Netty's listening channel is another
 * class, so the address moves from the bound stream channel to a new server channel. For TCP the
 * server channel binds while the stream channel still holds the address, both with SO_REUSEADDR
 * (Linux allows a second bind while neither socket listens), and only then does the stream channel
 * close: no other socket can take the port in between. Where the kernel refuses that (BSD and macOS
 * want SO_REUSEPORT) and for Unix paths (a path names one socket), the stream channel closes first
 * and the address is free for that moment.
 */
final class Listener {
    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(Listener.class);

    private final StreamSocket owner;
    private final ServerChannel channel;
    private final SocketAddress local;
    private final int limit;
    private final AcceptBackoff backoff;
    // Guarded by owner.lock.
    private final ArrayDeque<StreamSocket> ready = new ArrayDeque<>();
    private int registering;
    private boolean reading;
    private boolean shut;
    /** Out of descriptors: not accepting until the back-off ends (Netty's ServerBootstrapAcceptor does the same). */
    private boolean backingOff;

    private Listener(StreamSocket owner, ServerChannel channel, SocketAddress local, int backlog) {
        this.owner = owner;
        this.channel = channel;
        this.local = local;
        this.limit = Math.max(backlog, 1);
        this.backoff = new AcceptBackoff(local);
    }

    /**
     * Starts listening on the address the owner's stream channel is bound to, closing that channel.
     *
     * @param bound the owner's bound stream channel; still open and bound if this fails
     * @throws IOException the bind or listen error (EADDRINUSE if another socket took the address)
     */
    static Listener takeOver(StreamSocket owner, Channel bound, SocketAddress local, int backlog) throws IOException {
        if (local instanceof InetSocketAddress) {
            Boolean reuse = bound.config().getOption(ChannelOption.SO_REUSEADDR);
            bound.config().setOption(ChannelOption.SO_REUSEADDR, true);
            try {
                Listener listener = open(owner, local, backlog, true);
                ChannelFutures.awaitLocal(ChannelFutures.discard(bound), "listen" + owner.where(local), local);
                return listener;
            } catch (IOException e) {
                bound.config().setOption(ChannelOption.SO_REUSEADDR, reuse);
                if (Errno.of(e) != Errno.EADDRINUSE) {
                    throw e;
                }
                // Not Linux's rule here: the stream channel makes way first.
            }
        }
        ChannelFutures.awaitLocal(ChannelFutures.discard(bound), "listen" + owner.where(local), local);
        owner.removeUnixFile();
        return open(owner, local, backlog, false);
    }

    /**
     * Binds a new server channel to the address and starts accepting into the queue.
     *
     * @param share whether to bind beside the owner's stream channel (SO_REUSEADDR until listening)
     */
    private static Listener open(StreamSocket owner, SocketAddress local, int backlog, boolean share) throws IOException {
        ServerChannel server;
        try {
            server = owner.backend.newServerChannel(owner.family);
        } catch (RuntimeException e) {
            throw NettyErrors.translate(e.getCause() != null ? e.getCause() : e, "listen" + owner.where(local), local);
        }
        server.config().setAutoRead(false);
        server.config().setOption(ChannelOption.SO_BACKLOG, backlog);
        Listener listener = new Listener(owner, server, local, backlog);
        server.pipeline().addLast(listener.new Acceptor());
        try {
            owner.options.applyTo(server, false);
            Boolean reuse = server.config().getOption(ChannelOption.SO_REUSEADDR);
            if (share) {
                server.config().setOption(ChannelOption.SO_REUSEADDR, true);
            }
            ChannelFutures.awaitLocal(owner.loops.group().register(server), "listen" + owner.where(local), local);
            ChannelFutures.awaitLocal(server.bind(owner.backend.toNetty(local)), "listen" + owner.where(local), local);
            if (share) {
                // Listening, the address is this socket's alone now; the option is what the caller asked.
                server.config().setOption(ChannelOption.SO_REUSEADDR, reuse);
            }
        } catch (IOException | RuntimeException e) {
            ChannelFutures.discard(server);
            throw e;
        }
        listener.reading = true;
        server.read();
        return listener;
    }

    Channel channel() {
        return channel;
    }

    /** Under owner.lock: whether accept would not block. */
    boolean readyToAccept() {
        return !ready.isEmpty() || shut;
    }

    /** Under owner.lock: {@code shutdown(SHUT_RD/SHUT_RDWR)} wakes accept with EINVAL, as on Linux. */
    void shutdown() {
        shut = true;
        owner.readable.signalAll();
    }

    StreamSocket take(Deadline deadline) throws IOException {
        StreamSocket connection;
        boolean again;
        owner.lock.lock();
        try {
            while (ready.isEmpty()) {
                owner.checkOpen("accept");
                if (shut) {
                    throw Errno.EINVAL.newException("accept: listener was shut down", local);
                }
                deadline.await(owner.readable, Errno.EAGAIN, "accept" + owner.where(local), local);
            }
            connection = ready.poll();
            again = !reading && !shut && !backingOff && ready.size() + registering < limit;
            reading |= again;
        } finally {
            owner.lock.unlock();
        }
        if (again) {
            channel.read();
        }
        return connection;
    }

    void close() {
        List<StreamSocket> waiting;
        owner.lock.lock();
        try {
            shut = true;
            waiting = new ArrayList<>(ready);
            ready.clear();
        } finally {
            owner.lock.unlock();
        }
        UnixSocketFile.closeKeepingOthers(owner.unixFile, () -> owner.closeNow(channel));
        for (StreamSocket connection : waiting) {
            connection.close();
        }
    }

    /** On the listener's event loop: registers each accepted channel, then queues it. */
    private final class Acceptor extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel child = (Channel) msg;
            StreamSocket connection = new StreamSocket(owner.loops, owner.family, child, local);
            try {
                owner.options.applyTo(child, false);
            } catch (IOException e) {
                LOG.debug("cannot apply the listener's options to an accepted connection {}", child, e);
            }
            owner.lock.lock();
            try {
                registering++;
            } finally {
                owner.lock.unlock();
            }
            owner.loops.group().register(child).addListener((ChannelFutureListener) future -> queue(connection, future.isSuccess()));
        }

        private void queue(StreamSocket connection, boolean registered) {
            boolean keep;
            owner.lock.lock();
            try {
                registering--;
                keep = registered && !shut && !owner.closed;
                if (keep) {
                    ready.add(connection);
                    owner.readable.signalAll();
                }
            } finally {
                owner.lock.unlock();
            }
            if (keep) {
                owner.fireReadiness();
            } else {
                connection.close();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            boolean again;
            owner.lock.lock();
            try {
                again = !shut && !owner.closed && !backingOff && ready.size() + registering < limit;
                reading = again;
            } finally {
                owner.lock.unlock();
            }
            if (again) {
                ctx.read();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Errno errno = Errno.of(cause);
            if (!AcceptBackoff.needed(errno)) {
                // An accept that failed for this one connection (reset before accept): the listener goes on.
                LOG.debug("accept failed on {}", local, cause);
                return;
            }
            // Out of descriptors (or kernel memory): accepting again at once fails again at once, a busy
            // loop. Stop for a while, as Netty's ServerBootstrapAcceptor does; connections wait in the backlog.
            boolean first;
            owner.lock.lock();
            try {
                first = !backingOff;
                backingOff = true;
                reading = false;
            } finally {
                owner.lock.unlock();
            }
            if (first) {
                // A failed accept leaves Netty's read pending (only a successful one clears it), so the
                // channel would keep polling. Auto-read on and off again is the public way to clear it:
                // on, it asks for a read; off, it withdraws the interest and the pending read.
                ctx.channel().config().setAutoRead(true);
                ctx.channel().config().setAutoRead(false);
                ctx.executor().schedule(() -> resume(ctx), AcceptBackoff.PAUSE_MILLIS, TimeUnit.MILLISECONDS);
            }
            backoff.failed(errno, cause);
        }

        /** On the event loop, once the back-off is over: accept again if there is room. */
        private void resume(ChannelHandlerContext ctx) {
            boolean again;
            owner.lock.lock();
            try {
                backingOff = false;
                again = !reading && !shut && !owner.closed && ready.size() + registering < limit;
                reading |= again;
            } finally {
                owner.lock.unlock();
            }
            if (again) {
                ctx.read();
            }
        }
    }
}
