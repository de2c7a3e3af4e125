package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.socketkit.Errno;
import io.socketkit.TimeoutError;
import io.socketkit.ssl.SslContext;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/**
 * The TLS upgrade of a connected {@link StreamSocket} ({@code wrap_socket}): an {@link SslHandler} put
 * first in the channel's pipeline, which owns the bytes from then on, so the socket leaves the fast
 * path and the event loop reads everything.
 */
final class StreamTls {
    private final StreamSocket owner;
    /** The handler once {@link #start} put one in; set under the owner's lock, read without it where stale is harmless. */
    private volatile SslHandler handler;

    StreamTls(StreamSocket owner) {
        this.owner = owner;
    }

    /**
     * Puts a TLS handler on the connection and, unless the socket is non-blocking, waits for the handshake.
     *
     * @throws IOException ENOTCONN; EBADF once closed; the handshake's failure or timeout (the socket is
     *     closed then)
     * @throws IllegalStateException if the socket speaks TLS already
     */
    void start(SslContext context, boolean serverSide, String serverHostname) throws IOException {
        owner.checkOpen("wrap_socket");
        Deadline deadline = owner.deadline();
        Channel ch;
        SocketAddress remote;
        owner.lock.lock();
        try {
            owner.checkConnected("wrap_socket");
            if (handler != null) {
                throw new IllegalStateException("the socket speaks TLS already");
            }
            ch = owner.channel();
            remote = owner.remote;
        } finally {
            owner.lock.unlock();
        }
        SslHandler created = Tls.newHandler(context, serverSide, serverHostname, remote, ch.alloc());
        // A blocking socket waits as long as its timeout says; Netty's own 10 s would cut that short.
        created.setHandshakeTimeoutMillis(0);
        try {
            ch.eventLoop().submit(() -> insert(ch, created)).get();
        } catch (ExecutionException e) {
            throw NettyErrors.translate(e.getCause(), "wrap_socket" + owner.where(remote), remote);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("wrap_socket interrupted");
        } catch (RejectedExecutionException e) {
            throw Errno.EBADF.newException("wrap_socket: socket is closed", remote);
        }
        if (deadline.nonBlocking()) {
            return;
        }
        awaitHandshake(created, deadline, remote);
    }

    /**
     * On the event loop: puts the TLS handler first, and feeds it what was read before it was there (a
     * server reads ahead; the client's first handshake bytes may already wait in the queue).
     */
    private void insert(Channel ch, SslHandler created) {
        List<ByteBuf> early;
        owner.lock.lock();
        try {
            handler = created;
            owner.leaveFastPath();
            early = owner.receiver.drainForTls();
        } finally {
            owner.lock.unlock();
        }
        ch.pipeline().addFirst("tls", created);
        for (ByteBuf buffer : early) {
            ch.pipeline().fireChannelRead(buffer);
        }
        if (!early.isEmpty()) {
            ch.pipeline().fireChannelReadComplete();
        }
        // The TLS handler owns the bytes now: the event loop reads them all.
        owner.askForReads();
    }

    private void awaitHandshake(SslHandler created, Deadline deadline, SocketAddress remote) throws IOException {
        Future<Channel> done = created.handshakeFuture();
        try {
            long left = deadline.nanosLeft();
            if (left == Long.MAX_VALUE) {
                done.await();
            } else if (left <= 0 || !done.await(left, TimeUnit.NANOSECONDS)) {
                owner.close();
                throw new TimeoutError("timed out: wrap_socket (TLS handshake)", remote);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("wrap_socket interrupted");
        }
        if (!done.isSuccess()) {
            IOException error = Tls.translate(done.cause(), "wrap_socket" + owner.where(remote), remote);
            owner.close();
            throw error;
        }
    }

    /** The handler, or null before {@link #start}. */
    SslHandler handler() {
        return handler;
    }

    /** The session once the handshake succeeded, else null. */
    SSLSession session() {
        SslHandler current = handler;
        return current == null || !current.handshakeFuture().isSuccess() ? null : current.engine().getSession();
    }
}
