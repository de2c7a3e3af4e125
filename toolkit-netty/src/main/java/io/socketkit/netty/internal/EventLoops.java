package io.socketkit.netty.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.socketkit.netty.Transport;
import java.util.concurrent.TimeUnit;

/**
 * One provider's event loops: made on first use, daemon threads, released by {@link #close()}.
 * Everything a socket needs from its provider comes through here.
 */
public final class EventLoops implements AutoCloseable {
    private final Backend backend;
    private final int threads;
    private EventLoopGroup group;
    private boolean closed;
    /**
     * The sockets whose callers may be inside a system call on their descriptor (the fast path): closed
     * through their own {@code close()} before the loops go, since the loops' shutdown would close their
     * channels without the socket's lock. Guarded by this.
     */
    private final java.util.Set<java.io.Closeable> callerIo =
            java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

    /**
     * Event loops for a transport.
     *
     * @param transport the transport, available here
     * @param threads how many loop threads; 0 for Netty's default (twice the cores)
     */
    public EventLoops(Transport transport, int threads) {
        this.backend = Backend.of(transport);
        this.threads = threads;
    }

    Backend backend() {
        return backend;
    }

    /**
     * The group, made on first call.
     *
     * @return the group
     * @throws IllegalStateException if closed
     */
    public synchronized EventLoopGroup group() {
        if (closed) {
            throw new IllegalStateException("provider is closed: " + backend.transport());
        }
        if (group == null) {
            DefaultThreadFactory factory = new DefaultThreadFactory(
                    "socketkit-" + backend.transport().displayName(), true);
            group = new MultiThreadIoEventLoopGroup(threads, factory, backend.ioHandlerFactory());
        }
        return group;
    }

    /** Remembers a socket that must be closed before the loops shut down (see {@link #close()}). */
    synchronized void track(java.io.Closeable socket) {
        callerIo.add(socket);
    }

    /**
     * Shuts the loops down (closing every channel on them) and waits up to 5 seconds. Sockets on the
     * fast path are closed first, each under its own lock.
     */
    @Override
    public void close() {
        EventLoopGroup toClose;
        java.util.List<java.io.Closeable> sockets;
        synchronized (this) {
            closed = true;
            toClose = group;
            group = null;
            sockets = new java.util.ArrayList<>(callerIo);
            callerIo.clear();
        }
        for (java.io.Closeable socket : sockets) {
            try {
                socket.close();
            } catch (java.io.IOException e) {
                // Its channel closes with the loops anyway.
            }
        }
        if (toClose != null) {
            toClose.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
