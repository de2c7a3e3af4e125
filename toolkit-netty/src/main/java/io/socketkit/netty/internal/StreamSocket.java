package io.socketkit.netty.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import io.socketkit.Accepted;
import io.socketkit.AddressFamily;
import io.socketkit.Datagram;
import io.socketkit.Errno;
import io.socketkit.PeerCredentials;
import io.socketkit.ShutdownHow;
import io.socketkit.SocketType;
import io.socketkit.spi.TlsCapable;
import io.socketkit.ssl.SslContext;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;

/**
 * A stream socket (TCP or Unix stream): fresh, bound, connecting, connected, or listening. This class
 * is the state machine and the channel's life (bind, listen, connect, shutdown, close); the rest is
 * composed: the {@link StreamReceiver receive side}, the {@link StreamSender send side} (together the
 * fast path, where the caller does its own I/O on the descriptor), the {@link StreamTls TLS upgrade},
 * and the {@link Listener listening side}.
 */
final class StreamSocket extends NettySocket implements TlsCapable {
    /** Where a stream socket is in its life. */
    enum State { FRESH, BOUND, CONNECTING, CONNECTED, LISTENING }

    final StreamReceiver receiver = new StreamReceiver(this);
    private final StreamSender sender = new StreamSender(this);
    private final StreamTls tls = new StreamTls(this);
    private final StreamConnector connector = new StreamConnector(this);
    // All guarded by lock.
    private State state = State.FRESH;
    private Channel channel;
    /** The peer's address as connect was given it; guarded by {@link #lock}. */
    SocketAddress remote;
    private Listener listener;
    /** The caller's own reads and writes on the descriptor (the fast path), or null for the hand-off. */
    DirectIo direct;

    /** A new, unconnected socket. */
    StreamSocket(EventLoops loops, AddressFamily family) {
        super(loops, family, SocketType.STREAM);
    }

    /** A socket for a connection a listener accepted; called on the listener's event loop. */
    StreamSocket(EventLoops loops, AddressFamily family, Channel child, SocketAddress listenerAddress) {
        this(loops, family);
        this.boundAddress = listenerAddress;
        StreamChannels.configure(child, this);
        this.channel = child;
        connected();
    }

    /** The connection's channel; called under {@link #lock}. */
    Channel channel() {
        return channel;
    }

    /** Whether the socket is connected; called under {@link #lock}. */
    boolean isConnected() {
        return state == State.CONNECTED;
    }

    /** Under {@link #lock}: the TLS handler owns the bytes from now on; callers do no more I/O of their own. */
    void leaveFastPath() {
        direct = null;
    }

    /** Makes the channel if there is none yet: the descriptor Python's socket has from its creation. */
    Channel ensureChannel() throws IOException {
        lock.lock();
        try {
            if (channel != null) {
                return channel;
            }
        } finally {
            lock.unlock();
        }
        Channel created = StreamChannels.open(this);
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
            // Netty's listening channel is another class: the address moves over to one (see Listener).
            SocketAddress local;
            Channel bound;
            lock.lock();
            try {
                bound = channel;
                local = shown(bound.localAddress(), boundAddress);
            } finally {
                lock.unlock();
            }
            Listener created = Listener.takeOver(this, bound, local, Math.max(backlog, 0));
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

    // ---- connect (StreamConnector) ----

    @Override
    public void connect(SocketAddress address) throws IOException {
        connector.connect(address);
    }

    /** Under {@link #lock}: a connect to the target began on the current channel. */
    void connecting(SocketAddress target) {
        state = State.CONNECTING;
        remote = target;
    }

    /** Under {@link #lock}: the connect succeeded; the fast path starts where the transport has one. */
    void connected() {
        state = State.CONNECTED;
        direct = backend.directIo(channel);
        if (direct != null) {
            loops.track(this);
        }
    }

    /** Under {@link #lock}: the connect failed or was abandoned; a new one makes a new channel. */
    void unconnected() {
        state = State.FRESH;
        channel = null;
    }

    // ---- receiving and sending (StreamReceiver, StreamSender) ----

    @Override
    public byte[] recv(int bufsize) throws IOException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recv: " + bufsize);
        }
        checkOpen("recv");
        byte[] data = receiver.recv(bufsize, deadline());
        counted(data.length, 0);
        return data;
    }

    /** Receives straight into the caller's buffer, copying once (see {@link StreamReceiver#recvInto}). */
    @Override
    public int recvInto(ByteBuffer buffer) throws IOException {
        if (buffer.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        checkOpen("recv");
        int got = receiver.recvInto(buffer, deadline());
        counted(got, 0);
        return got;
    }

    @Override
    public Datagram recvFrom(int bufsize) throws IOException {
        return new Datagram(recv(bufsize), null);
    }

    /** Called under {@link #lock}. */
    void checkConnected(String call) throws IOException {
        if (state != State.CONNECTED) {
            throw Errno.ENOTCONN.newException(call, null);
        }
    }

    /** The state; takes {@link #lock}. */
    State state() {
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

    @Override
    public int send(byte[] data) throws IOException {
        return send(ByteBuffer.wrap(data), deadline());
    }

    /** Sends from the buffer's position, copying once (see {@link StreamSender#send}). */
    @Override
    public int send(ByteBuffer data) throws IOException {
        return send(data, deadline());
    }

    private int send(ByteBuffer data, Deadline deadline) throws IOException {
        int sent = sender.send(data, deadline);
        counted(0, sent);
        return sent;
    }

    @Override
    public void sendAll(byte[] data) throws IOException {
        Deadline deadline = deadline();
        ByteBuffer rest = ByteBuffer.wrap(data);
        do {
            send(rest, deadline);
        } while (rest.hasRemaining());
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
                    receiver.shutInput();
                }
                if (how != ShutdownHow.SHUT_RD) {
                    sender.shutOutput();
                }
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
                sender.shutdownOutput(duplex, tls.handler());
            }
        }
        fireReadiness();
    }

    // ---- TLS (StreamTls) ----

    @Override
    public void startTls(SslContext context, boolean serverSide, String serverHostname) throws IOException {
        tls.start(context, serverSide, serverHostname);
    }

    @Override
    public javax.net.ssl.SSLSession sslSession() {
        return tls.session();
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
        return receiver.wantsMoreReads(watched());
    }

    /** A selector watching this socket learns of data from the event loop, which reads ahead from then on. */
    @Override
    public void addReadinessListener(Runnable listener) {
        super.addReadinessListener(listener);
        askForReads();
    }

    /** Asks the event loop for a read if the socket now wants one. */
    void askForReads() {
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
        return state == State.CONNECTED && receiver.readableNow();
    }

    @Override
    boolean writableNow() {
        if (state == State.CONNECTED) {
            return sender.writableNow(channel);
        }
        return state == State.FRESH && connector.failed();
    }

    @Override
    public void close() {
        Channel ch;
        Listener current;
        boolean nothingQueued;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            nothingQueued = direct != null && !sender.hasQueued();
            receiver.close();
            ch = channel;
            current = listener;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        if (current != null) {
            current.close();
        }
        if (ch != null) {
            if (ch.isActive() && nothingQueued) {
                // Everything sent is in the kernel: closed before this returns, as close(2) is, so that
                // the peer sees the end at once (a reset for its next send). Not waited for on an event
                // loop's thread (Netty's are FastThreadLocalThreads), which must never block.
                ChannelFuture done = ch.close();
                if (!io.netty.util.concurrent.FastThreadLocalThread.currentThreadHasFastThreadLocal()) {
                    done.awaitUninterruptibly();
                }
            } else if (ch.isActive()) {
                // What send took is delivered first, as the kernel does after close(2).
                ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else {
                discard(ch);
            }
        }
        removeUnixFile();
        fireReadiness();
    }
}
