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
import io.socketkit.spi.ServerAccounting;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What stream and datagram sockets share: the mode, options, addresses, closing and readiness.
 *
 * <h2>Threads and locks</h2>
 * {@link #lock} guards the state the event loop shares with callers (queues, flags); the event loop
 * takes it only for short, non-blocking sections. No thread holds it while waiting for a Netty
 * future, so the event loop can never wait for a caller. Callers wait on {@link #readable} and
 * {@link #writable}, which release it. {@link #setup} serialises callers' bind, listen and connect;
 * the event loop never takes it.
 */
abstract class NettySocket implements Socket, Selectable, Metered {
    static final int UNIX_PATH_MAX_BYTES = 107;
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
    /** Options set by the caller, applied to each channel this socket makes. Guarded by {@link #lock}. */
    final Map<SocketOption<?>, Object> options = new LinkedHashMap<>();
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Duration timeout = Sockets.getDefaultTimeout();
    /** Guarded by {@link #lock}; read without it only where a stale answer is harmless. */
    volatile boolean closed;
    /** Whether a read is asked of Netty and not yet complete. Guarded by {@link #lock}. */
    boolean readRequested;
    /** The Unix socket file this socket's bind created, removed on close if it is still there. */
    volatile UnixSocketFile unixFile;
    /** Where a server counts this socket's bytes, or null. */
    private volatile ServerAccounting meter;
    /** The address this socket was bound to (or, accepted, its listener's): what getsockname shows where the channel cannot tell. */
    volatile SocketAddress boundAddress;

    NettySocket(EventLoops loops, AddressFamily family, SocketType type) {
        this.loops = loops;
        this.backend = loops.backend();
        this.family = family;
        this.type = type;
    }

    @Override
    public void meterInto(ServerAccounting accounting) {
        meter = java.util.Objects.requireNonNull(accounting, "accounting");
    }

    /** Counts payload bytes into the server's accounting, if a server asked for it. */
    void counted(long received, long sent) {
        ServerAccounting accounting = meter;
        if (accounting != null) {
            accounting.received(received);
            accounting.sent(sent);
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
        OptionMapping<T, ?> mapping = OptionMapping.of(option, backend.transport(), family, type);
        Channel channel = optionChannel();
        if (channel != null) {
            mapping.set(channel, value);
        }
        lock.lock();
        try {
            options.put(option, value);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T getOption(SocketOption<T> option) throws IOException {
        checkOpen("getsockopt");
        OptionMapping<T, ?> mapping = OptionMapping.of(option, backend.transport(), family, type);
        return mapping.get(optionChannel());
    }

    /**
     * Applies the caller's options to a new channel.
     *
     * @param strict whether an option the channel lacks is an error (false for listeners, which pass
     *     per-connection options on to the connections they accept)
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void applyOptions(Channel channel, boolean strict) throws IOException {
        Map<SocketOption<?>, Object> copy;
        lock.lock();
        try {
            copy = new LinkedHashMap<>(options);
        } finally {
            lock.unlock();
        }
        for (Map.Entry<SocketOption<?>, Object> entry : copy.entrySet()) {
            OptionMapping mapping = OptionMapping.of((SocketOption) entry.getKey(), backend.transport(), family, type);
            try {
                mapping.set(channel, entry.getValue());
            } catch (IOException e) {
                if (strict || Errno.of(e) != Errno.ENOPROTOOPT) {
                    throw e;
                }
            }
        }
    }

    // ---- addresses ----

    /**
     * Checks an address for this socket and resolves a host name, before any system call.
     *
     * @throws IllegalArgumentException if the address is of another family
     * @throws UnknownHostException if a host name does not resolve to this family
     * @throws IOException ENAMETOOLONG for a Unix path over 107 bytes
     */
    SocketAddress checkAddress(SocketAddress address, String call) throws IOException {
        Objects.requireNonNull(address, "address");
        if (address instanceof InetSocketAddress && ((InetSocketAddress) address).isUnresolved()) {
            address = resolve((InetSocketAddress) address);
        }
        AddressFamily given;
        try {
            given = AddressFamily.of(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(call + "(): " + e.getMessage(), e);
        }
        if (given != family) {
            throw new IllegalArgumentException(call + "(): " + family + " address required, got " + given + ": " + address);
        }
        checkUnixPathLength(address, call);
        return address;
    }

    /**
     * A Unix path longer than {@code sun_path} holds fails before any system call.
     *
     * @throws IOException ENAMETOOLONG
     */
    static void checkUnixPathLength(SocketAddress address, String call) throws IOException {
        if (address instanceof UnixDomainSocketAddress) {
            int length = ((UnixDomainSocketAddress) address).getPath().toString().getBytes(StandardCharsets.UTF_8).length;
            if (length > UNIX_PATH_MAX_BYTES) {
                throw Errno.ENAMETOOLONG.newException(call + ": AF_UNIX path too long (" + length
                        + " bytes, max " + UNIX_PATH_MAX_BYTES + ")", address);
            }
        }
    }

    private InetSocketAddress resolve(InetSocketAddress unresolved) throws UnknownHostException {
        for (InetAddress ip : InetAddress.getAllByName(unresolved.getHostString())) {
            if ((family == AddressFamily.INET6) == (ip instanceof java.net.Inet6Address)) {
                return new InetSocketAddress(ip, unresolved.getPort());
            }
        }
        throw new UnknownHostException(unresolved.getHostString() + " has no " + family + " address");
    }

    /** The address a socket shows before it is bound: Python's {@code ('0.0.0.0', 0)} or {@code ''}. */
    SocketAddress unboundAddress() {
        switch (family) {
            case INET:
                return new InetSocketAddress(any(4), 0);
            case INET6:
                return new InetSocketAddress(any(16), 0);
            default:
                return UnixDomainSocketAddress.of("");
        }
    }

    /** The wildcard address of a family: 0.0.0.0 or ::. */
    private static InetAddress any(int length) {
        try {
            return InetAddress.getByAddress(new byte[length]);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A channel's address as socketkit shows it; unknown or unnamed ones as {@link #unboundAddress()}. */
    SocketAddress shown(SocketAddress nettyAddress) {
        return shown(nettyAddress, null);
    }

    /**
     * A channel's address as socketkit shows it, or {@code known} where the channel cannot tell (io_uring
     * reports no name for Unix sockets), or the unbound address.
     */
    SocketAddress shown(SocketAddress nettyAddress, SocketAddress known) {
        SocketAddress address = backend.fromNetty(nettyAddress);
        if (address == null || (address instanceof UnixDomainSocketAddress && address.toString().isEmpty())) {
            address = known;
        }
        return address == null ? unboundAddress() : address;
    }

    /**
     * Binding a Unix path that exists fails with EADDRINUSE, as bind(2) does; Netty's native transports
     * would unlink the file first, taking the name from whoever has it.
     */
    static void checkUnixPathFree(SocketAddress local) throws IOException {
        if (local instanceof UnixDomainSocketAddress) {
            Path path = ((UnixDomainSocketAddress) local).getPath();
            if (!path.toString().isEmpty() && Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw Errno.EADDRINUSE.newException("bind " + local, local);
            }
        }
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

    // ---- waiting for Netty ----

    /**
     * Waits for a Netty operation without holding {@link #lock}.
     *
     * @throws IOException its failure, translated; a timeout if the deadline passes first
     */
    static void await(ChannelFuture future, Deadline deadline, String call, SocketAddress address) throws IOException {
        try {
            long left = deadline.nanosLeft();
            if (left == Long.MAX_VALUE) {
                future.await();
            } else if (left <= 0 || !future.await(left, TimeUnit.NANOSECONDS)) {
                throw new TimeoutError("timed out: " + call, address);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(call + " interrupted");
            interrupted.initCause(e);
            throw interrupted;
        }
        if (!future.isSuccess()) {
            throw NettyErrors.translate(future.cause(), call, address);
        }
    }

    /** Waits for a quick local operation (register, bind, close), whatever the socket's mode. */
    static void awaitLocal(ChannelFuture future, String call, SocketAddress address) throws IOException {
        await(future, Deadline.start(null), call, address);
    }

    /** Closes a channel, registered or not (an unregistered one has no event loop to close it on). */
    static ChannelFuture discard(Channel channel) {
        if (channel.isRegistered()) {
            return channel.close();
        }
        channel.unsafe().closeForcibly();
        return channel.newSucceededFuture();
    }

    /**
     * Closes a channel and, unless called on an event loop, waits (up to 5 s) until its descriptor is
     * closed: after {@code close()} returns, the port or path is free, as after close(2).
     */
    void closeNow(Channel channel) {
        boolean waitable = channel.isRegistered() && !channel.eventLoop().inEventLoop();
        ChannelFuture closed = discard(channel);
        if (waitable) {
            closed.awaitUninterruptibly(5, TimeUnit.SECONDS);
            backend.awaitDescriptorClosed(channel);
        }
    }

    String where(SocketAddress address) {
        return (address == null ? "" : " " + address) + " (" + backend.transport().displayName() + ")";
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
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeReadinessListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** Whether a selector (or anyone) watches this socket's readiness, which the event loop reports. */
    boolean watched() {
        return !listeners.isEmpty();
    }

    /** Tells selectors readiness may have changed; call without holding {@link #lock}. */
    void fireReadiness() {
        for (Runnable listener : listeners) {
            listener.run();
        }
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
