package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.socketkit.Accepted;
import io.socketkit.AddressFamily;
import io.socketkit.Datagram;
import io.socketkit.Errno;
import io.socketkit.PeerCredentials;
import io.socketkit.ShutdownHow;
import io.socketkit.SocketType;
import io.socketkit.TimeoutError;
import io.socketkit.spi.TlsCapable;
import io.socketkit.ssl.SslContext;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * A stream socket (TCP or Unix stream): fresh, bound, connecting, connected, or listening
 * (see {@link Listener}).
 *
 * <h2>Receiving</h2>
 * The channel runs with auto-read off. The event loop appends what it reads to {@link #inbound} (an
 * {@link InboundQueue}) and asks for the next read only while fewer than {@link #INBOUND_LIMIT} bytes wait there, so a reader
 * that stops reading closes the TCP window: memory stays bounded, the sender is slowed down.
 *
 * <h2>Sending</h2>
 * {@code send} takes what fits under the channel's high water mark and waits on its writability;
 * the bytes are the channel's to deliver from then on, even if the socket is closed at once.
 */
final class StreamSocket extends NettySocket implements TlsCapable {
    static final int INBOUND_LIMIT = 256 * 1024;
    /** The most one direct read or write moves. */
    private static final int DIRECT_CHUNK = 64 * 1024;

    private enum State { FRESH, BOUND, CONNECTING, CONNECTED, LISTENING }

    // All guarded by lock.
    private State state = State.FRESH;
    private Channel channel;
    private final InboundQueue inbound = new InboundQueue();
    private boolean eof;
    private boolean inputShut;
    private boolean outputShut;
    private IOException pendingError;
    private IOException writeError;
    private IOException connectError;
    private SocketAddress remote;
    private Listener listener;
    /** The TLS handler once {@link #startTls} put one in; guarded by {@link #lock}, read without it where stale is harmless. */
    private volatile SslHandler tls;
    /** The caller's own reads and writes on the descriptor (the fast path), or null for the hand-off. */
    private DirectIo direct;
    /** Whether the event loop is between a read system call and queueing what it read. */
    private boolean loopReading;
    /** Callers parked until the event loop reads for them. */
    private int parkedReaders;
    /** Whether a virtual thread waited here: from then on the event loop reads ahead, as for selectors. */
    private boolean loopReadsAhead;
    /** Platform threads asleep in the kernel until the descriptor is ready; woken by close and by the loop. */
    private final java.util.List<KernelWaiter> sleepers = new java.util.ArrayList<>(2);
    /** Bytes handed to Netty's channel and not written yet: direct writes wait until none are left. */
    private long queuedInNetty;

    /** A new, unconnected socket. */
    StreamSocket(EventLoops loops, AddressFamily family) {
        super(loops, family, SocketType.STREAM);
    }

    /** A socket for a connection a listener accepted; called on the listener's event loop. */
    StreamSocket(EventLoops loops, AddressFamily family, Channel child, SocketAddress listenerAddress) {
        this(loops, family);
        this.boundAddress = listenerAddress;
        configureStream(child);
        child.pipeline().addLast(new Inbound());
        this.channel = child;
        this.state = State.CONNECTED;
        this.direct = backend.directIo(child);
        if (direct != null) {
            loops.track(this);
        }
    }

    /**
     * The stream channel's settings besides {@link #configure}: Netty never closes the descriptor by
     * itself (a caller may be in a system call on it), and the socket learns of every read the loop makes.
     */
    private void configureStream(Channel channel) {
        configure(channel);
        channel.config().setAutoClose(false);
        channel.config().setRecvByteBufAllocator(
                new LoopReadWatch(channel.config().getRecvByteBufAllocator(), new LoopReadWatch.Watcher() {
                    @Override
                    public void loopReadStarting() {
                        lock.lock();
                        try {
                            loopReading = true;
                        } finally {
                            lock.unlock();
                        }
                    }

                    @Override
                    public void loopReadDone() {
                        lock.lock();
                        try {
                            loopReading = false;
                        } finally {
                            lock.unlock();
                        }
                    }
                }));
    }

    Channel channel() {
        return channel;
    }

    /** Makes the channel if there is none yet: the descriptor Python's socket has from its creation. */
    private Channel ensureChannel() throws IOException {
        lock.lock();
        try {
            if (channel != null) {
                return channel;
            }
        } finally {
            lock.unlock();
        }
        Channel created;
        try {
            created = backend.newStreamChannel(family);
        } catch (RuntimeException e) {
            throw NettyErrors.translate(e.getCause() != null ? e.getCause() : e, "socket" + where(null), null);
        }
        configureStream(created);
        created.pipeline().addLast(new Inbound());
        try {
            applyOptions(created, true);
            if (!backend.lazyRegistration()) {
                awaitLocal(loops.group().register(created), "socket" + where(null), null);
            }
        } catch (IOException | RuntimeException e) {
            discard(created);
            throw e;
        }
        lock.lock();
        try {
            if (closed) {
                discard(created);
                throw Errno.EBADF.newException("socket is closed", null);
            }
            channel = created;
            return created;
        } finally {
            lock.unlock();
        }
    }

    @Override
    Channel optionChannel() throws IOException {
        Listener current = listener;
        return current != null ? current.channel() : ensureChannel();
    }

    // ---- bind, listen, accept ----

    @Override
    public void bind(java.net.SocketAddress address) throws IOException {
        setup.lock();
        try {
            checkOpen("bind");
            SocketAddress local = checkAddress(address, "bind");
            if (state() != State.FRESH) {
                throw Errno.EINVAL.newException("bind: socket is bound already", local);
            }
            checkUnixPathFree(local);
            Channel ch = ensureChannel();
            if (ch.isRegistered()) {
                awaitLocal(ch.bind(backend.toNetty(local)), "bind" + where(local), local);
            } else {
                backend.bindUnregistered(ch, backend.toNetty(local));
            }
            rememberUnixFile(local);
            setState(State.BOUND);
        } finally {
            setup.unlock();
        }
    }

    @Override
    public void listen(int backlog) throws IOException {
        setup.lock();
        try {
            checkOpen("listen");
            State now = state();
            if (now == State.LISTENING) {
                return;
            }
            if (now == State.CONNECTED || now == State.CONNECTING) {
                throw Errno.EINVAL.newException("listen: socket is connected", null);
            }
            if (now == State.FRESH) {
                if (family == AddressFamily.UNIX) {
                    throw Errno.EINVAL.newException("listen: Unix socket is not bound", null);
                }
                bind(unboundAddress());
            }
            // Netty's listening channel is another class: move the bound address over to one.
            SocketAddress local;
            Channel bound;
            lock.lock();
            try {
                bound = channel;
                local = shown(bound.localAddress(), boundAddress);
            } finally {
                lock.unlock();
            }
            awaitLocal(discard(bound), "listen" + where(local), local);
            removeUnixFile();
            Listener created = Listener.open(this, local, Math.max(backlog, 0));
            lock.lock();
            try {
                channel = null;
                listener = created;
                state = State.LISTENING;
            } finally {
                lock.unlock();
            }
            rememberUnixFile(local);
            if (closed) {
                created.close();
            }
        } finally {
            setup.unlock();
        }
    }

    @Override
    public Accepted accept() throws IOException {
        checkOpen("accept");
        Listener current = listenerOrThrow();
        StreamSocket connection = current.take(deadline());
        return new Accepted(connection, connection.getPeerName());
    }

    private Listener listenerOrThrow() throws IOException {
        lock.lock();
        try {
            if (state != State.LISTENING) {
                throw Errno.EINVAL.newException("accept: socket is not listening", null);
            }
            return listener;
        } finally {
            lock.unlock();
        }
    }

    // ---- connect ----

    @Override
    public void connect(SocketAddress address) throws IOException {
        Deadline deadline = deadline();
        SocketAddress target;
        setup.lock();
        try {
            checkOpen("connect");
            target = checkAddress(address, "connect");
            switch (state()) {
                case CONNECTED:
                    throw Errno.EISCONN.newException("connect" + where(target), target);
                case LISTENING:
                    throw Errno.EINVAL.newException("connect: socket is listening", target);
                case CONNECTING:
                    if (deadline.nonBlocking()) {
                        throw Errno.EALREADY.newException("connect" + where(target), target);
                    }
                    break;
                default:
                    startConnect(target);
                    break;
            }
        } finally {
            setup.unlock();
        }
        finishConnect(deadline, target);
    }

    private void startConnect(SocketAddress target) throws IOException {
        Channel ch = ensureChannel();
        if (!ch.isRegistered()) {
            awaitLocal(loops.group().register(ch), "connect" + where(target), target);
        }
        SocketAddress nettyTarget = backend.toNetty(target);
        lock.lock();
        try {
            state = State.CONNECTING;
            remote = target;
            connectError = null;
        } finally {
            lock.unlock();
        }
        ch.connect(nettyTarget).addListener((ChannelFutureListener) this::connectDone);
    }

    /** On the event loop: the connect ended. */
    private void connectDone(ChannelFuture future) {
        lock.lock();
        try {
            if (future.channel() != channel) {
                return;
            }
            if (future.isSuccess()) {
                state = State.CONNECTED;
                direct = backend.directIo(channel);
                if (direct != null) {
                    loops.track(this);
                }
            } else {
                connectError = NettyErrors.translate(future.cause(), "connect" + where(remote), remote);
                // As after a failed connect(2), the socket may connect again; a new channel is made then.
                state = State.FRESH;
                channel = null;
                future.channel().close();
            }
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        fireReadiness();
    }

    private void finishConnect(Deadline deadline, SocketAddress target) throws IOException {
        lock.lock();
        try {
            while (state == State.CONNECTING) {
                try {
                    deadline.await(writable, Errno.EINPROGRESS, "connect" + where(target), target);
                } catch (TimeoutError e) {
                    abortConnect();
                    throw e;
                }
                if (closed) {
                    throw Errno.EBADF.newException("connect: socket was closed", target);
                }
            }
            if (connectError != null) {
                IOException error = connectError;
                connectError = null;
                throw error;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A timed-out connect is abandoned; the socket may connect again. Called under lock. */
    private void abortConnect() {
        if (channel != null) {
            discard(channel);
        }
        channel = null;
        state = State.FRESH;
    }

    // ---- receiving ----

    @Override
    public byte[] recv(int bufsize) throws IOException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recv: " + bufsize);
        }
        checkOpen("recv");
        Deadline deadline = deadline();
        byte[] data;
        boolean askForMore;
        lock.lock();
        try {
            checkConnected("recv");
            if (bufsize == 0) {
                return EMPTY;
            }
            while (true) {
                if (!inbound.isEmpty()) {
                    data = inbound.take(bufsize);
                    askForMore = claimRead();
                    break;
                }
                if (pendingError != null) {
                    IOException error = pendingError;
                    pendingError = null;
                    eof = true;
                    throw error;
                }
                if (eof || inputShut || closed) {
                    checkOpen("recv");
                    return EMPTY;
                }
                if (callerMayRead()) {
                    data = directRead(bufsize);
                    if (data != null) {
                        askForMore = false;
                        break;
                    }
                    if (eof) {
                        return EMPTY;
                    }
                }
                awaitReadable(deadline);
            }
        } finally {
            lock.unlock();
        }
        if (askForMore) {
            channel.read();
        }
        counted(data.length, 0);
        return data;
    }

    /**
     * Whether the caller may read the descriptor itself: no read of the event loop's is asked or under
     * way, so nothing the loop takes from the kernel can be queued behind what the caller reads.
     * Called under {@link #lock}.
     */
    private boolean callerMayRead() {
        return direct != null && !readRequested && !loopReading && !closed && channel.isOpen();
    }

    /**
     * The caller's own read, under {@link #lock} (which keeps close, and the loop's reads, out).
     *
     * @return what was read; null if nothing is there now (EAGAIN) or at end of stream ({@link #eof} set)
     * @throws IOException the read's error, reported once; the stream ends there
     */
    private byte[] directRead(int bufsize) throws IOException {
        byte[] data;
        try {
            data = direct.read(channel.alloc(), Math.min(bufsize, DIRECT_CHUNK));
        } catch (IOException e) {
            eof = true;
            throw NettyErrors.translate(e, "recv" + where(remote), remote);
        }
        if (data == null) {
            eof = true;
            return null;
        }
        return data.length == 0 ? null : data;
    }

    /**
     * Waits, under {@link #lock} (released meanwhile), until a receive may proceed: asleep in the
     * kernel where the thread can be (a platform thread on the fast path), else parked until the event
     * loop has read.
     */
    private void awaitReadable(Deadline deadline) throws IOException {
        String call = "recv" + where(remote);
        long nanos = deadline.nanosToWait(Errno.EAGAIN, call, remote);
        KernelWaiter sleeper = callerMayRead() ? direct.waiter() : null;
        if (sleeper == null) {
            if (direct != null && Threads.isVirtual(Thread.currentThread())) {
                loopReadsAhead = true;
            }
            parkedReaders++;
            try {
                if (claimRead()) {
                    channel.read();
                }
                deadline.await(readable, Errno.EAGAIN, call, remote);
            } finally {
                parkedReaders--;
            }
            return;
        }
        sleepInKernel(sleeper, false, nanos);
    }

    /**
     * Sleeps in the kernel with {@link #lock} released; close and the event loop's news wake it. The
     * descriptor is armed before the lock is released, while the socket is open; a wait that fails
     * because the socket was closed meanwhile is not an error of its own (the caller sees the close).
     */
    private void sleepInKernel(KernelWaiter sleeper, boolean write, long nanos) throws IOException {
        sleeper.arm(direct, write);
        sleepers.add(sleeper);
        lock.unlock();
        try {
            sleeper.sleep(nanos);
        } catch (IOException e) {
            if (!closed || e instanceof java.io.InterruptedIOException) {
                throw e;
            }
        } finally {
            lock.lock();
            sleepers.remove(sleeper);
        }
    }

    /** Wakes whoever sleeps in the kernel on this socket; called under {@link #lock}. */
    private void wakeSleepers() {
        for (KernelWaiter sleeper : sleepers) {
            sleeper.wakeup();
        }
    }

    @Override
    public Datagram recvFrom(int bufsize) throws IOException {
        return new Datagram(recv(bufsize), null);
    }

    private void checkConnected(String call) throws IOException {
        if (state != State.CONNECTED) {
            throw Errno.ENOTCONN.newException(call, null);
        }
    }

    private State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    private void setState(State next) {
        lock.lock();
        try {
            state = next;
        } finally {
            lock.unlock();
        }
    }

    // ---- sending ----

    @Override
    public int send(byte[] data) throws IOException {
        return send(data, 0, deadline());
    }

    private int send(byte[] data, int offset, Deadline deadline) throws IOException {
        checkOpen("send");
        Channel ch;
        int count;
        lock.lock();
        try {
            if (state != State.CONNECTED || outputShut) {
                throw Errno.EPIPE.newException("send" + where(remote), remote);
            }
            ch = channel;
            if (data.length == offset) {
                return 0;
            }
            while (true) {
                throwWriteError();
                if (!ch.isActive()) {
                    throw Errno.EPIPE.newException("send" + where(remote), remote);
                }
                if (direct != null && queuedInNetty == 0 && ch.isOpen()) {
                    int written = directWrite(data, offset);
                    if (written > 0) {
                        counted(0, written);
                        return written;
                    }
                }
                long room = ch.bytesBeforeUnwritable();
                if (room > 0) {
                    count = (int) Math.min(data.length - offset, room);
                    queuedInNetty += count;
                    break;
                }
                deadline.await(writable, Errno.EAGAIN, "send" + where(remote), remote);
                checkOpen("send");
            }
        } finally {
            lock.unlock();
        }
        ByteBuf buffer = ch.alloc().buffer(count).writeBytes(data, offset, count);
        int queued = count;
        ch.writeAndFlush(buffer).addListener(future -> writeDone(future, queued));
        counted(0, count);
        return count;
    }

    /**
     * The caller's own write, under {@link #lock} (which keeps close out), while nothing waits in Netty's
     * channel.
     *
     * @return the bytes the kernel took; 0 if none now (EAGAIN)
     * @throws IOException the write's error, reported once; later sends fail with EPIPE, as Linux does
     */
    private int directWrite(byte[] data, int offset) throws IOException {
        try {
            return direct.write(channel.alloc(), data, offset, Math.min(data.length - offset, DIRECT_CHUNK));
        } catch (IOException e) {
            writeError = Errno.EPIPE.newException("send" + where(remote), remote);
            outputShut = true;
            throw NettyErrors.translate(e, "send" + where(remote), remote);
        }
    }

    /** Called under lock: a write that failed before is reported once, then EPIPE, as Linux does. */
    private void throwWriteError() throws IOException {
        if (writeError != null) {
            IOException error = writeError;
            writeError = Errno.EPIPE.newException("send" + where(remote), remote);
            outputShut = true;
            throw error;
        }
    }

    private void writeDone(io.netty.util.concurrent.Future<? super Void> future, int count) {
        lock.lock();
        try {
            queuedInNetty -= count;
            if (future.isSuccess()) {
                return;
            }
            if (writeError == null) {
                // A channel Netty closed under a write is a broken connection, not a closed socket.
                writeError = future.cause() instanceof java.nio.channels.ClosedChannelException
                        ? Errno.EPIPE.newException("send" + where(remote), remote)
                        : NettyErrors.translate(future.cause(), "send" + where(remote), remote);
            }
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        fireReadiness();
    }

    @Override
    public void sendAll(byte[] data) throws IOException {
        Deadline deadline = deadline();
        int sent = 0;
        while (sent < data.length) {
            sent += send(data, sent, deadline);
        }
        if (data.length == 0) {
            send(data, 0, deadline);
        }
    }

    @Override
    public int sendTo(byte[] data, SocketAddress address) throws IOException {
        checkOpen("sendto");
        if (state() == State.CONNECTED) {
            throw Errno.EISCONN.newException("sendto on a connected stream socket", address);
        }
        throw Errno.EPIPE.newException("sendto on an unconnected stream socket", address);
    }

    // ---- the rest ----

    @Override
    public SocketAddress getPeerName() throws IOException {
        checkOpen("getpeername");
        lock.lock();
        try {
            checkConnected("getpeername");
            return shown(channel.remoteAddress(), remote);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SocketAddress getSockName() throws IOException {
        checkOpen("getsockname");
        lock.lock();
        try {
            if (listener != null) {
                return shown(listener.channel().localAddress(), boundAddress);
            }
            if (channel == null || state == State.FRESH) {
                return unboundAddress();
            }
            return shown(channel.localAddress(), boundAddress);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int fileno() {
        if (closed) {
            return -1;
        }
        try {
            return backend.fileno(optionChannel());
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void shutdown(ShutdownHow how) throws IOException {
        checkOpen("shutdown");
        Channel ch;
        lock.lock();
        try {
            if (state == State.LISTENING) {
                listener.shutdown();
                ch = null;
            } else {
                checkConnected("shutdown");
                ch = channel;
                if (how != ShutdownHow.SHUT_WR) {
                    inputShut = true;
                    inbound.release();
                    readable.signalAll();
                    wakeSleepers();
                }
                outputShut |= how != ShutdownHow.SHUT_RD;
            }
        } finally {
            lock.unlock();
        }
        if (ch != null) {
            DuplexChannel duplex = (DuplexChannel) ch;
            if (how != ShutdownHow.SHUT_WR) {
                duplex.shutdownInput();
            }
            if (how != ShutdownHow.SHUT_RD) {
                // After what send already queued, in order; a TLS connection says close_notify first.
                SslHandler handler = tls;
                ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(done -> {
                    if (handler == null) {
                        duplex.shutdownOutput();
                    } else {
                        handler.closeOutbound().addListener(closed -> duplex.shutdownOutput());
                    }
                });
            }
        }
        fireReadiness();
    }

    // ---- TLS ----

    @Override
    public void startTls(SslContext context, boolean serverSide, String serverHostname) throws IOException {
        checkOpen("wrap_socket");
        Deadline deadline = deadline();
        Channel ch;
        lock.lock();
        try {
            checkConnected("wrap_socket");
            if (tls != null) {
                throw new IllegalStateException("the socket speaks TLS already");
            }
            ch = channel;
        } finally {
            lock.unlock();
        }
        SslHandler handler = Tls.newHandler(context, serverSide, serverHostname, remote, ch.alloc());
        // A blocking socket waits as long as its timeout says; Netty's own 10 s would cut that short.
        handler.setHandshakeTimeoutMillis(0);
        try {
            ch.eventLoop().submit(() -> insertTls(ch, handler)).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw NettyErrors.translate(e.getCause(), "wrap_socket" + where(remote), remote);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("wrap_socket interrupted");
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw Errno.EBADF.newException("wrap_socket: socket is closed", remote);
        }
        if (deadline.nonBlocking()) {
            return;
        }
        awaitHandshake(handler, deadline);
    }

    /**
     * On the event loop: puts the TLS handler first, and feeds it what was read before it was there (a
     * server reads ahead; the client's first handshake bytes may already wait in the queue).
     */
    private void insertTls(Channel ch, SslHandler handler) {
        java.util.List<ByteBuf> early;
        lock.lock();
        try {
            tls = handler;
            direct = null;
            early = inbound.drain();
            wakeSleepers();
        } finally {
            lock.unlock();
        }
        ch.pipeline().addFirst("tls", handler);
        for (ByteBuf buffer : early) {
            ch.pipeline().fireChannelRead(buffer);
        }
        if (!early.isEmpty()) {
            ch.pipeline().fireChannelReadComplete();
        }
        // The TLS handler owns the bytes now: the event loop reads them all.
        askForReads();
    }

    private void awaitHandshake(SslHandler handler, Deadline deadline) throws IOException {
        io.netty.util.concurrent.Future<Channel> done = handler.handshakeFuture();
        try {
            long left = deadline.nanosLeft();
            if (left == Long.MAX_VALUE) {
                done.await();
            } else if (left <= 0 || !done.await(left, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                close();
                throw new io.socketkit.TimeoutError("timed out: wrap_socket (TLS handshake)", remote);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("wrap_socket interrupted");
        }
        if (!done.isSuccess()) {
            IOException error = Tls.translate(done.cause(), "wrap_socket" + where(remote), remote);
            close();
            throw error;
        }
    }

    @Override
    public javax.net.ssl.SSLSession sslSession() {
        SslHandler handler = tls;
        return handler == null || !handler.handshakeFuture().isSuccess() ? null : handler.engine().getSession();
    }

    @Override
    public PeerCredentials peerCredentials() throws IOException {
        checkOpen("peerCredentials");
        if (family != AddressFamily.UNIX) {
            throw Errno.EOPNOTSUPP.newException("peerCredentials: only Unix stream sockets have them", null);
        }
        Channel ch;
        lock.lock();
        try {
            checkConnected("peerCredentials");
            ch = channel;
        } finally {
            lock.unlock();
        }
        try {
            return backend.peerCredentials(ch);
        } catch (IOException e) {
            throw NettyErrors.translate(e, "peerCredentials" + where(null), null);
        }
    }

    @Override
    boolean wantsMoreReads() {
        if (eof || inputShut) {
            return false;
        }
        if (direct == null || loopReadsAhead || watched()) {
            return inbound.bytes() < INBOUND_LIMIT;
        }
        // The fast path: the loop reads only for a parked caller with nothing queued.
        return parkedReaders > 0 && inbound.isEmpty();
    }

    /** A selector watching this socket learns of data from the event loop, which reads ahead from then on. */
    @Override
    public void addReadinessListener(Runnable listener) {
        super.addReadinessListener(listener);
        askForReads();
    }

    /** Asks the event loop for a read if the socket now wants one. */
    private void askForReads() {
        Channel ch;
        lock.lock();
        try {
            ch = state == State.CONNECTED && claimRead() ? channel : null;
        } finally {
            lock.unlock();
        }
        if (ch != null) {
            ch.read();
        }
    }

    @Override
    boolean readableNow() {
        if (state == State.LISTENING) {
            return listener.readyToAccept();
        }
        return state == State.CONNECTED && (!inbound.isEmpty() || eof || inputShut || pendingError != null);
    }

    @Override
    boolean writableNow() {
        if (state == State.CONNECTED) {
            return channel.isWritable() || !channel.isActive() || outputShut || writeError != null;
        }
        return state == State.FRESH && connectError != null;
    }

    @Override
    public void close() {
        Channel ch;
        Listener current;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            inbound.release();
            ch = channel;
            current = listener;
            readable.signalAll();
            writable.signalAll();
            wakeSleepers();
        } finally {
            lock.unlock();
        }
        if (current != null) {
            current.close();
        }
        if (ch != null) {
            if (ch.isActive()) {
                // What send took is delivered first, as the kernel does after close(2).
                ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else {
                discard(ch);
            }
        }
        removeUnixFile();
        fireReadiness();
    }

    /** The event loop's side of a connection: fills the inbound queue, reports end of stream and errors. */
    private final class Inbound extends EventLoopSide {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buffer = (ByteBuf) msg;
            lock.lock();
            try {
                if (closed || inputShut || !buffer.isReadable()) {
                    buffer.release();
                    return;
                }
                inbound.add(buffer);
                readable.signalAll();
                wakeSleepers();
            } finally {
                lock.unlock();
            }
            fireReadiness();
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
            endOfStream(NettyErrors.translate(cause, "recv" + where(remote), remote));
        }

        private void endOfStream(IOException error) {
            lock.lock();
            try {
                if (error != null && !eof && pendingError == null) {
                    pendingError = error;
                } else {
                    eof = true;
                }
                loopReading = false;
                readable.signalAll();
                writable.signalAll();
                wakeSleepers();
            } finally {
                lock.unlock();
            }
            fireReadiness();
        }
    }
}
