package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.PeerCredentials;
import io.socketkit.SelectorEvent;
import io.socketkit.Socket;
import io.socketkit.SocketOption;
import io.socketkit.SocketType;
import io.socketkit.Sockets;
import io.socketkit.TimeoutError;
import io.socketkit.internal.UnixSocketFile;
import io.socketkit.spi.Metered;
import io.socketkit.spi.Selectable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What stream and datagram sockets share: the mode, the lock, closing, read demand and readiness. The
 * parts that are ideas of their own are composed: {@link SocketOptions}, {@link SocketAddresses},
 * {@link ReadinessListeners}; {@link ChannelFutures} waits for Netty.
 *
 * <h2>Threads and locks</h2>
 * {@link #lock} guards the state the event loop shares with callers (queues, flags); the event loop
 * takes it only for short, non-blocking sections. No thread holds it while waiting for a Netty
 * future, so the event loop can never wait for a caller. Callers wait on {@link #readable} and
 * {@link #writable}, which release it. {@link #setup} serialises callers' bind, listen and connect;
 * the event loop never takes it.
 */
abstract class NettySocket implements Socket, Selectable, Metered {
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
    static final byte[] EMPTY = new byte[0];

    final EventLoops loops;
    final Backend backend;
    final AddressFamily family;
    final SocketType type;
    final ReentrantLock lock = new ReentrantLock();
    final Condition readable = lock.newCondition();
    final Condition writable = lock.newCondition();
    final ReentrantLock setup = new ReentrantLock();
    /** Options set by the caller, applied to each channel this socket makes. */
    final SocketOptions options;
    /** The address rules of this socket's family and transport. */
    final SocketAddresses addresses;
    private final ReadinessListeners listeners = new ReadinessListeners();
    private volatile Duration timeout = Sockets.getDefaultTimeout();
    /** Guarded by {@link #lock}; read without it only where a stale answer is harmless. */
    volatile boolean closed;
    /** Whether a read is asked of Netty and not yet complete. Guarded by {@link #lock}. */
    boolean readRequested;
    /** The Unix socket file this socket's bind created, removed on close if it is still there. */
    volatile UnixSocketFile unixFile;
    /** The protocol it was made with ({@code proto}), set by {@link NettySockets} before the socket is shown. */
    volatile int protocol;
    /** Where a server counts this socket's bytes, or null. */
    private volatile Meter meter;
    /** The address this socket was bound to (or, accepted, its listener's): what getsockname shows where the channel cannot tell. */
    volatile SocketAddress boundAddress;

    NettySocket(EventLoops loops, AddressFamily family, SocketType type) {
        this.loops = loops;
        this.backend = loops.backend();
        this.family = family;
        this.type = type;
        this.options = new SocketOptions(backend, family, type);
        this.addresses = new SocketAddresses(backend, family);
    }

    @Override
    public void meterInto(Meter meter) {
        this.meter = Objects.requireNonNull(meter, "meter");
    }

    /** Counts payload bytes into the server's accounting, if a server asked for it. */
    void counted(long received, long sent) {
        Meter counter = meter;
        if (counter != null) {
            counter.received(received);
            counter.sent(sent);
        }
    }

    @Override
    public AddressFamily family() {
        return family;
    }

    @Override
    public SocketType type() {
        return type;
    }

    @Override
    public int proto() {
        return protocol;
    }

    @Override
    public void setBlocking(boolean blocking) throws IOException {
        setTimeout(blocking ? null : Duration.ZERO);
    }

    @Override
    public boolean getBlocking() {
        Duration current = timeout;
        return current == null || !current.isZero();
    }

    @Override
    public void setTimeout(Duration timeout) throws IOException {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout < 0: " + timeout);
        }
        checkOpen("settimeout");
        this.timeout = timeout;
    }

    @Override
    public Duration getTimeout() {
        return timeout;
    }

    Deadline deadline() {
        return Deadline.start(timeout);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    void checkOpen(String call) throws IOException {
        if (closed) {
            throw Errno.EBADF.newException(call + ": socket is closed", null);
        }
    }

    /** The channel options sockets' channels run with: reads on demand, half-closure, bounded outbound. */
    static void configure(Channel channel) {
        channel.config().setAutoRead(false);
        channel.config().setWriteBufferWaterMark(WATER_MARK);
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        channel.config().setConnectTimeoutMillis(0);
    }

    // ---- options ----

    /** The channel options go to now, or null if the socket has none yet (they wait in {@link #options}). */
    abstract Channel optionChannel() throws IOException;

    @Override
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        option.check(value);
        checkOpen("setsockopt");
        options.set(option, value, this::optionChannel);
    }

    @Override
    public <T> T getOption(SocketOption<T> option) throws IOException {
        checkOpen("getsockopt");
        return options.get(option, this::optionChannel);
    }

    // ---- addresses (the rules are in SocketAddresses) ----

    /**
     * Checks an address for this socket and resolves a host name, before any system call.
     *
     * @throws IOException as {@link SocketAddresses#check}
     */
    SocketAddress checkAddress(SocketAddress address, String call) throws IOException {
        return addresses.check(address, call);
    }

    /**
     * Binding a Unix path that exists fails with EADDRINUSE, as bind(2) does.
     *
     * @throws IOException EADDRINUSE
     */
    static void checkUnixPathFree(SocketAddress local) throws IOException {
        SocketAddresses.checkUnixPathFree(local);
    }

    /** The address a socket shows before it is bound: Python's {@code ('0.0.0.0', 0)} or {@code ''}. */
    SocketAddress unboundAddress() {
        return addresses.unbound();
    }

    /** A channel's address as socketkit shows it, or {@code known}, or the unbound address. */
    SocketAddress shown(SocketAddress nettyAddress, SocketAddress known) {
        return addresses.shown(nettyAddress, known);
    }

    String where(SocketAddress address) {
        return addresses.where(address);
    }

    /** Notes the Unix file a bind made, so that close removes it. */
    void rememberUnixFile(SocketAddress bound) {
        boundAddress = bound;
        unixFile = UnixSocketFile.boundAt(bound);
    }

    /** Removes the Unix file this socket's bind made, unless the path names another file by now. */
    void removeUnixFile() {
        UnixSocketFile file = unixFile;
        unixFile = null;
        if (file != null) {
            file.removeIfOwn();
        }
    }

    // ---- waiting for Netty (in ChannelFutures) ----

    static void await(ChannelFuture future, Deadline deadline, String call, SocketAddress address) throws IOException {
        ChannelFutures.await(future, deadline, call, address);
    }

    static void awaitLocal(ChannelFuture future, String call, SocketAddress address) throws IOException {
        ChannelFutures.awaitLocal(future, call, address);
    }

    static ChannelFuture discard(Channel channel) {
        return ChannelFutures.discard(channel);
    }

    void closeNow(Channel channel) {
        ChannelFutures.closeNow(backend, channel);
    }

    // ---- reading on demand ----

    /** Whether the queue has room for another read; called under {@link #lock}. */
    abstract boolean wantsMoreReads();

    /**
     * Claims the next read, if none is asked and there is room; called under {@link #lock}.
     *
     * @return true if the caller must now call {@code read()} on the channel
     */
    boolean claimRead() {
        if (readRequested || closed || !wantsMoreReads()) {
            return false;
        }
        readRequested = true;
        return true;
    }

    /**
     * The event loop's side that stream and datagram sockets share: reads on demand while the queue
     * has room, and writability passed on to waiting senders and selectors.
     */
    abstract class EventLoopSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            boolean read;
            lock.lock();
            try {
                read = claimRead();
            } finally {
                lock.unlock();
            }
            if (read) {
                ctx.read();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            boolean again;
            lock.lock();
            try {
                readRequested = false;
                again = claimRead();
            } finally {
                lock.unlock();
            }
            if (again) {
                ctx.read();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            lock.lock();
            try {
                writable.signalAll();
            } finally {
                lock.unlock();
            }
            fireReadiness();
        }
    }

    // ---- readiness ----

    @Override
    public void addReadinessListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeReadinessListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** Whether a selector (or anyone) watches this socket's readiness, which the event loop reports. */
    boolean watched() {
        return listeners.any();
    }

    /** Tells selectors readiness may have changed; call without holding {@link #lock}. */
    void fireReadiness() {
        listeners.fire();
    }

    @Override
    public Set<SelectorEvent> readiness() {
        lock.lock();
        try {
            if (closed) {
                return EnumSet.allOf(SelectorEvent.class);
            }
            EnumSet<SelectorEvent> ready = EnumSet.noneOf(SelectorEvent.class);
            if (readableNow()) {
                ready.add(SelectorEvent.READ);
            }
            if (writableNow()) {
                ready.add(SelectorEvent.WRITE);
            }
            return ready;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a receive (or accept) would not block; called under {@link #lock}. */
    abstract boolean readableNow();

    /** Whether a send (or a pending connect's end) would not block; called under {@link #lock}. */
    abstract boolean writableNow();

    // ---- the rest of the contract ----

    @Override
    public int recvInto(ByteBuffer buffer) throws IOException {
        if (buffer.isReadOnly()) {
            throw new java.nio.ReadOnlyBufferException();
        }
        byte[] data = recv(buffer.remaining());
        buffer.put(data);
        return data.length;
    }

    @Override
    public int send(ByteBuffer data) throws IOException {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        int sent = send(bytes);
        data.position(data.position() + sent);
        return sent;
    }

    @Override
    public void listen() throws IOException {
        listen(128);
    }

    @Override
    public int connectEx(SocketAddress address) throws IOException {
        try {
            connect(address);
            return 0;
        } catch (TimeoutError e) {
            return Errno.EAGAIN.number();
        } catch (IOException e) {
            Errno errno = Errno.of(e);
            if (errno == null || e instanceof UnknownHostException) {
                throw e;
            }
            return errno.number();
        }
    }

    @Override
    public void joinGroup(InetAddress group, NetworkInterface networkInterface) throws IOException {
        checkOpen("joinGroup");
        throw Errno.EOPNOTSUPP.newException("joinGroup: multicast is for UDP sockets", null);
    }

    @Override
    public void leaveGroup(InetAddress group, NetworkInterface networkInterface) throws IOException {
        checkOpen("leaveGroup");
        throw Errno.EOPNOTSUPP.newException("leaveGroup: multicast is for UDP sockets", null);
    }

    @Override
    public PeerCredentials peerCredentials() throws IOException {
        checkOpen("peerCredentials");
        throw Errno.EOPNOTSUPP.newException("peerCredentials: only Unix stream sockets have them", null);
    }

    @Override
    public InputStream inputStream() throws IOException {
        checkOpen("makefile");
        return SocketStreams.input(this);
    }

    @Override
    public OutputStream outputStream() throws IOException {
        checkOpen("makefile");
        return SocketStreams.output(this);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + family + "/" + type + ", " + backend.transport().displayName()
                + (closed ? ", closed" : "") + "]";
    }
}
