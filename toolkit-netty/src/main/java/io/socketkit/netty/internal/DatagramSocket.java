package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.unix.DomainSocketAddress;
import io.socketkit.AddressFamily;
import io.socketkit.Datagram;
import io.socketkit.Errno;
import io.socketkit.ShutdownHow;
import io.socketkit.SocketType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;

/**
 * A datagram socket (UDP or Unix datagram). Its channel exists from creation and is active on
 * registration, so {@code sendTo} works before {@code bind} (the kernel binds a free port, as in Python).
 *
 * <p>Received datagrams wait in a {@link DatagramInbox}; past its limit the event loop stops reading and
 * the kernel's buffer takes over, dropping what overflows it as it always does. Datagrams go out
 * through a {@link DatagramWriter}.
 */
final class DatagramSocket extends NettySocket {
    /** The largest Unix datagram received whole: Linux's default {@code net.core.wmem_max}. */
    static final int MAX_UNIX_DATAGRAM = 212992;

    private final Channel channel;
    private final DatagramWriter writer;
    // Guarded by lock.
    private final DatagramInbox inbound = new DatagramInbox();
    private boolean bound;
    private boolean inputShut;
    private boolean outputShut;
    private SocketAddress peer;
    private IOException pendingError;

    DatagramSocket(EventLoops loops, AddressFamily family) throws IOException {
        this(loops, family, SocketType.DGRAM);
    }

    /**
     * A datagram socket that reports another type: Linux makes a Unix {@code SOCK_RAW} socket a datagram
     * socket, and so does socketkit.
     */
    DatagramSocket(EventLoops loops, AddressFamily family, SocketType shownType) throws IOException {
        super(loops, family, shownType);
        try {
            channel = backend.newDatagramChannel(family);
        } catch (RuntimeException e) {
            throw NettyErrors.translate(e.getCause() != null ? e.getCause() : e, "socket" + where(null), null);
        }
        configure(channel);
        channel.config().setOption(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true);
        // Room for the largest datagram, so that none is cut before recvfrom decides.
        channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(
                family == AddressFamily.UNIX ? MAX_UNIX_DATAGRAM : DatagramWriter.MAX_UDP6 + 1));
        channel.pipeline().addLast(new Inbound());
        writer = new DatagramWriter(backend, channel);
        try {
            awaitLocal(loops.group().register(channel), "socket" + where(null), null);
        } catch (IOException | RuntimeException e) {
            discard(channel);
            throw e;
        }
    }

    @Override
    Channel optionChannel() {
        return channel;
    }

    @Override
    public void bind(SocketAddress address) throws IOException {
        setup.lock();
        try {
            checkOpen("bind");
            SocketAddress local = checkAddress(address, "bind");
            if (isBound()) {
                throw Errno.EINVAL.newException("bind: socket is bound already", local);
            }
            checkUnixPathFree(local);
            awaitLocal(channel.bind(backend.toNetty(local)), "bind" + where(local), local);
            rememberUnixFile(local);
            lock.lock();
            try {
                bound = true;
            } finally {
                lock.unlock();
            }
        } finally {
            setup.unlock();
        }
    }

    /**
     * What the kernel does on the first sendto of an unbound UDP socket, done here so that getsockname
     * knows the port; two threads sending at once bind once.
     */
    private void autobind() throws IOException {
        setup.lock();
        try {
            if (!isBound()) {
                bind(unboundAddress());
            }
        } finally {
            setup.unlock();
        }
    }

    private boolean isBound() {
        lock.lock();
        try {
            return bound;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void listen(int backlog) throws IOException {
        checkOpen("listen");
        throw Errno.EOPNOTSUPP.newException("listen: datagram sockets do not listen", null);
    }

    @Override
    public io.socketkit.Accepted accept() throws IOException {
        checkOpen("accept");
        throw Errno.EOPNOTSUPP.newException("accept: datagram sockets do not accept", null);
    }

    @Override
    public void connect(SocketAddress address) throws IOException {
        setup.lock();
        try {
            checkOpen("connect");
            SocketAddress target = checkAddress(address, "connect");
            awaitLocal(channel.connect(backend.toNetty(target)), "connect" + where(target), target);
            lock.lock();
            try {
                peer = target;
                bound = true;
            } finally {
                lock.unlock();
            }
        } finally {
            setup.unlock();
        }
    }

    @Override
    public byte[] recv(int bufsize) throws IOException {
        return recvFrom(bufsize).data();
    }

    @Override
    public Datagram recvFrom(int bufsize) throws IOException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recvfrom: " + bufsize);
        }
        checkOpen("recvfrom");
        Deadline deadline = deadline();
        Datagram packet;
        boolean askForMore;
        lock.lock();
        try {
            while (inbound.isEmpty()) {
                if (pendingError != null) {
                    IOException error = pendingError;
                    pendingError = null;
                    throw error;
                }
                if (inputShut) {
                    return new Datagram(EMPTY, null);
                }
                deadline.await(readable, Errno.EAGAIN, "recvfrom" + where(null), null);
                checkOpen("recvfrom");
            }
            packet = inbound.poll();
            askForMore = claimRead();
        } finally {
            lock.unlock();
        }
        if (askForMore) {
            channel.read();
        }
        counted(packet.data().length, 0);
        return DatagramInbox.cut(packet, bufsize);
    }

    @Override
    public int send(byte[] data) throws IOException {
        checkOpen("send");
        SocketAddress target;
        lock.lock();
        try {
            target = peer;
        } finally {
            lock.unlock();
        }
        if (target == null) {
            throw Errno.EDESTADDRREQ.newException("send on an unconnected datagram socket", null);
        }
        return write(data, null, target);
    }

    @Override
    public void sendAll(byte[] data) throws IOException {
        send(data);
    }

    @Override
    public int sendTo(byte[] data, SocketAddress address) throws IOException {
        checkOpen("sendto");
        SocketAddress target = checkAddress(address, "sendto");
        return write(data, target, target);
    }

    /** Writes one datagram; {@code recipient} null for the connected peer. */
    private int write(byte[] data, SocketAddress recipient, SocketAddress shownTarget) throws IOException {
        DatagramWriter.checkSize(family, data.length, shownTarget);
        if (family != AddressFamily.UNIX && !isBound()) {
            autobind();
        }
        SocketAddress nettyRecipient = recipient == null ? null : backend.toNetty(recipient);
        Deadline deadline = deadline();
        lock.lock();
        try {
            if (outputShut) {
                throw Errno.EPIPE.newException("send: socket was shut down for writing", shownTarget);
            }
            if (pendingError != null && pendingError instanceof io.socketkit.ConnectionRefusedError) {
                IOException error = pendingError;
                pendingError = null;
                throw error;
            }
            while (!channel.isWritable()) {
                deadline.await(writable, Errno.EAGAIN, "sendto" + where(shownTarget), shownTarget);
                checkOpen("sendto");
            }
            if (writer.direct(data.length)) {
                // Nothing queued to overtake; the descriptor stays open while the lock is held.
                checkOpen("sendto");
                try {
                    writer.sendEmpty(nettyRecipient);
                } catch (IOException e) {
                    throw NettyErrors.translate(e, "sendto" + where(shownTarget), shownTarget);
                }
                counted(0, 0);
                return 0;
            }
        } finally {
            lock.unlock();
        }
        ChannelFuture written = writer.write(data, nettyRecipient);
        if (deadline.nonBlocking()) {
            written.addListener(this::writeDone);
        } else {
            await(written, deadline, "sendto" + where(shownTarget), shownTarget);
        }
        counted(0, data.length);
        return data.length;
    }

    private void writeDone(io.netty.util.concurrent.Future<? super Void> future) {
        if (!future.isSuccess()) {
            lock.lock();
            try {
                if (pendingError == null) {
                    pendingError = NettyErrors.translate(future.cause(), "sendto" + where(null), null);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public SocketAddress getPeerName() throws IOException {
        checkOpen("getpeername");
        lock.lock();
        try {
            if (peer == null) {
                throw Errno.ENOTCONN.newException("getpeername", null);
            }
            return peer;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SocketAddress getSockName() throws IOException {
        checkOpen("getsockname");
        SocketAddress local = channel.localAddress();
        if (local instanceof DomainSocketAddress && ((DomainSocketAddress) local).path().isEmpty()) {
            local = null;
        }
        return shown(local, boundAddress);
    }

    @Override
    public int fileno() {
        return closed ? -1 : backend.fileno(channel);
    }

    @Override
    public void shutdown(ShutdownHow how) throws IOException {
        checkOpen("shutdown");
        lock.lock();
        try {
            if (peer == null) {
                throw Errno.ENOTCONN.newException("shutdown", null);
            }
            if (how != ShutdownHow.SHUT_WR) {
                inputShut = true;
                readable.signalAll();
            }
            if (how != ShutdownHow.SHUT_RD) {
                outputShut = true;
            }
        } finally {
            lock.unlock();
        }
        fireReadiness();
    }

    @Override
    public void joinGroup(InetAddress group, NetworkInterface networkInterface) throws IOException {
        checkOpen("joinGroup");
        Multicast.membership(channel, true, group, networkInterface, where(null));
    }

    @Override
    public void leaveGroup(InetAddress group, NetworkInterface networkInterface) throws IOException {
        checkOpen("leaveGroup");
        Multicast.membership(channel, false, group, networkInterface, where(null));
    }

    @Override
    boolean wantsMoreReads() {
        return inbound.hasRoom();
    }

    @Override
    boolean readableNow() {
        return !inbound.isEmpty() || pendingError != null || inputShut;
    }

    @Override
    boolean writableNow() {
        return channel.isWritable();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            inbound.clear();
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        closeNow(channel);
        removeUnixFile();
        fireReadiness();
    }

    /** The event loop's side: queues datagrams while there is room, keeps the first error for recv. */
    private final class Inbound extends EventLoopSide {
        @Override
        @SuppressWarnings("unchecked")
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Datagram packet = DatagramInbox.copy((AddressedEnvelope<ByteBuf, SocketAddress>) msg, backend);
            lock.lock();
            try {
                if (closed || inputShut) {
                    return;
                }
                inbound.add(packet);
                readable.signalAll();
            } finally {
                lock.unlock();
            }
            fireReadiness();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            lock.lock();
            try {
                if (pendingError == null && !closed) {
                    pendingError = NettyErrors.translate(cause, "recvfrom" + where(peer), peer);
                }
                readable.signalAll();
            } finally {
                lock.unlock();
            }
            fireReadiness();
            // Netty stops reading after an error on a datagram channel: ask again.
            if (!closed) {
                ctx.read();
            }
        }
    }
}
