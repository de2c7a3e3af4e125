package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.socketkit.internal.ThrottledLog;
import io.socketkit.server.Connection;
import io.socketkit.server.EventServers;
import io.socketkit.server.StreamEventHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection of an event-style stream server: the last handler of its pipeline, calling the
 * user's {@link StreamEventHandler} on the event loop, and the {@link Connection} it is given.
 */
final class StreamEventAdapter extends ChannelInboundHandlerAdapter implements Connection {
    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(StreamEventAdapter.class);
    /** Handler failures recur per connection: a line a second at most, with the count. */
    private static final ThrottledLog FAILURES = new ThrottledLog(System.getLogger(StreamEventAdapter.class.getName()));
    /**
     * What a write or flush waiting for the event loop holds besides its bytes (the queue's node, the
     * buffer object): counted as Netty counts each entry of its outbound buffer, so that many small
     * writes meet the bound too.
     */
    static final int QUEUED_TASK_OVERHEAD = 96;
    /** The outbox's entry for {@link #flush()}. */
    private static final Object FLUSH = new Object();

    private final StreamEventHandler handler;
    private final Backend backend;
    private final EventServers.Admission admission;
    private final long maxPendingOutputBytes;
    private ChannelHandlerContext ctx;
    /** Whether the handler's onOpen was called (with TLS, only after the handshake). Event loop only. */
    private boolean opened;
    /** The buffer being delivered to onData and the view the handler got: written back without a copy. */
    private final ReceivedView received = new ReceivedView();
    /** Calls from other threads waiting for the event loop, in call order (see {@link #submit}). */
    private final Outbox outbox = new Outbox(this::drain);
    /** Whether the outbox being drained asked for a flush (event loop only). */
    private boolean flushAfterDrain;
    /**
     * The bytes of those calls: part of {@link #pendingOutputBytes()}, so that writes from other
     * threads meet the same bound as the loop's own, even while the loop is behind.
     */
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Whether this connection was closed for passing maxPendingOutputBytes (counted once). */
    private final AtomicBoolean overLimit = new AtomicBoolean();
    /**
     * Whether the outbox held more than the high water mark when a thread added to it: the connection
     * is then not writable until a drain leaves at most the low mark queued (Netty's own writability
     * sees only what reached the channel).
     */
    private final AtomicBoolean outboxFull = new AtomicBoolean();

    StreamEventAdapter(StreamEventHandler handler, Backend backend, EventServers.Admission admission, long maxPendingOutputBytes) {
        this.handler = handler;
        this.backend = backend;
        this.admission = admission;
        this.maxPendingOutputBytes = maxPendingOutputBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(SslHandler.class) == null) {
            open();
        }
        // Else the handler meets the connection once its TLS handshake is done (userEventTriggered).
        ctx.fireChannelActive();
    }

    private void open() {
        opened = true;
        try {
            handler.onOpen(this);
        } catch (Exception e) {
            error(e);
        }
    }

    private void handshakeDone(SslHandshakeCompletionEvent event) {
        if (event.isSuccess()) {
            open();
            return;
        }
        Throwable cause = event.cause();
        admission.handshakeFailed(ctx.channel(), Tls.translate(cause, "TLS handshake", remoteAddress()),
                cause instanceof SslHandshakeTimeoutException);
        closeUnopened();
    }

    /**
     * Closes a connection whose TLS handshake failed, past the TLS handler: there is no session to
     * say close_notify in, and on io_uring Unix sockets the handler's own close after a failed handshake
     * can leave the descriptor open.
     */
    private void closeUnopened() {
        ctx.channel().unsafe().close(ctx.channel().voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof ByteBuf) {
                ByteBuf buffer = (ByteBuf) msg;
                admission.received(buffer.readableBytes());
                handler.onData(this, received.open(buffer));
            } else {
                handler.onMessage(this, msg);
            }
        } catch (Exception e) {
            error(e);
        } finally {
            received.close();
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        try {
            handler.onReadComplete(this);
        } catch (Exception e) {
            error(e);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent) {
            handshakeDone((SslHandshakeCompletionEvent) event);
            return;
        }
        if (event instanceof IdleStateEvent) {
            admission.idleTimedOut(ctx.channel());
            close();
            return;
        }
        if (event instanceof ChannelInputShutdownEvent) {
            try {
                handler.onInputClosed(this);
            } catch (Exception e) {
                error(e);
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writabilityChanged();
    }

    private void writabilityChanged() {
        if (!opened) {
            return;
        }
        try {
            handler.onWritabilityChanged(this);
        } catch (Exception e) {
            error(e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!opened) {
            // Closed before its TLS handshake was done: the handler never met it.
            return;
        }
        try {
            handler.onClose(this);
        } catch (Exception e) {
            LOG.warn("onClose failed for {}", ctx.channel(), e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        error(cause);
    }

    private void error(Throwable cause) {
        if (!opened) {
            // A failure before the handler met the connection (garbage instead of a TLS handshake, say):
            // the handshake's outcome reports it.
            LOG.debug("connection {} failed before it was open", ctx.channel(), cause);
            closeUnopened();
            return;
        }
        admission.failed(cause);
        if (cause instanceof IOException) {
            LOG.debug("connection {} failed", ctx.channel(), cause);
        } else {
            FAILURES.log("handler", System.Logger.Level.WARNING, "event handler failed on " + ctx.channel(), cause);
        }
        try {
            handler.onError(this, cause);
        } catch (Exception e) {
            LOG.warn("onError failed on {}; closing", ctx.channel(), e);
            close();
        }
    }

    @Override
    public SocketAddress localAddress() {
        return backend.fromNetty(ctx.channel().localAddress());
    }

    @Override
    public SocketAddress remoteAddress() {
        SocketAddress remote = backend.fromNetty(ctx.channel().remoteAddress());
        return remote != null ? remote : java.net.UnixDomainSocketAddress.of("");
    }

    @Override
    public void write(ByteBuffer data) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        // The bytes onData was given go from Netty's own buffer, no copy; anything else is copied.
        ByteBuf message = ctx.executor().inEventLoop() ? received.retainedFor(data) : null;
        if (message == null) {
            message = ctx.alloc().buffer(data.remaining()).writeBytes(data.duplicate());
        }
        submit(message);
    }

    @Override
    public void write(byte[] data) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        submit(ctx.alloc().buffer(data.length).writeBytes(data));
    }

    @Override
    public void flush() {
        submit(FLUSH);
    }

    /**
     * Performs a call (a {@link ByteBuf} to write, {@link #FLUSH}, or a {@link Runnable}) on the event
     * loop, in the order of the calls whatever thread makes them. On the loop it runs at once, behind
     * what other threads have queued; from another thread it joins the {@link #outbox}, and one task
     * drains the outbox for however many calls arrived meanwhile, flushing once at the end: many writes
     * from other threads cost the loop one wake-up and one system call, not one each.
     */
    private void submit(Object call) {
        EventLoop loop = ctx.channel().eventLoop();
        if (loop.inEventLoop()) {
            outbox.catchUp();
            perform(call);
            return;
        }
        if (!ctx.channel().isOpen()) {
            // Nothing to send to, nothing to hold (a close between this check and the loop is the loop's to clean up).
            ReferenceCountUtil.release(call);
            return;
        }
        long queued = queuedBytes.addAndGet(queuedSize(call));
        if (queued > ctx.channel().config().getWriteBufferHighWaterMark()) {
            // Before the call is queued: the drain that performs it sees the mark and clears it.
            outboxFull.set(true);
        }
        checkPendingOutput();
        outbox.submit(loop, call, this::discard);
    }

    /** Performs, on the loop, every call other threads have queued; flushes once for all their flushes. */
    private void drain() {
        outbox.drain(this::performQueued);
        if (flushAfterDrain) {
            flushAfterDrain = false;
            ctx.flush();
        }
        if (outboxFull.get() && queuedBytes.get() <= ctx.channel().config().getWriteBufferLowWaterMark()
                && outboxFull.compareAndSet(true, false) && ctx.channel().isWritable()) {
            writabilityChanged();
        }
    }

    private void performQueued(Object call) {
        queuedBytes.addAndGet(-queuedSize(call));
        if (call == FLUSH) {
            flushAfterDrain = true;
            return;
        }
        if (flushAfterDrain && call instanceof Runnable) {
            flushAfterDrain = false;
            ctx.flush();
        }
        perform(call);
    }

    /** A call that will never run (the loop has shut down). */
    private void discard(Object call) {
        queuedBytes.addAndGet(-queuedSize(call));
        ReferenceCountUtil.release(call);
    }

    private static long queuedSize(Object call) {
        return (call instanceof ByteBuf ? ((ByteBuf) call).readableBytes() : 0) + QUEUED_TASK_OVERHEAD;
    }

    private void perform(Object call) {
        if (call == FLUSH) {
            ctx.flush();
        } else if (call instanceof ByteBuf) {
            ByteBuf message = (ByteBuf) call;
            int bytes = message.readableBytes();
            ctx.write(message);
            admission.sent(bytes);
            checkPendingOutput();
        } else {
            ((Runnable) call).run();
        }
    }

    /** A peer that does not read (or a loop that is behind) cannot make the server hold replies without bound. */
    private void checkPendingOutput() {
        if (pendingOutputBytes() > maxPendingOutputBytes && ctx.channel().isOpen() && overLimit.compareAndSet(false, true)) {
            admission.pendingOutputExceeded(ctx.channel());
            ctx.channel().close();
        }
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable() && !outboxFull.get();
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        if (low < 0) {
            throw new IllegalArgumentException("low < 0: " + low);
        }
        if (high < low) {
            throw new IllegalArgumentException("high < low: high " + high + ", low " + low);
        }
        ctx.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(low, high));
    }

    @Override
    public void execute(Runnable task) {
        java.util.Objects.requireNonNull(task, "task");
        Runnable run = () -> {
            if (!ctx.channel().isOpen()) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                error(e);
            }
        };
        // In call order with the connection's other calls, then as a task of its own: never inside
        // another callback or call (a handler's write drains what other threads queued).
        submit((Runnable) () -> ctx.channel().eventLoop().execute(run));
    }

    @Override
    public long pendingOutputBytes() {
        io.netty.channel.ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return (buffer == null ? 0 : buffer.totalPendingWriteBytes()) + queuedBytes.get();
    }

    @Override
    public void pauseReading() {
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void resumeReading() {
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void close() {
        // Behind every write already made: flushed, then closed.
        submit((Runnable) () -> ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE));
    }

    @Override
    public void abort() {
        ctx.channel().close();
    }

    @Override
    public boolean isOpen() {
        return ctx.channel().isOpen();
    }

    @Override
    public String toString() {
        return "Connection[" + ctx.channel() + "]";
    }
}
