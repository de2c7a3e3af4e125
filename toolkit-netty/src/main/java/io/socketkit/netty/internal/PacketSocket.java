package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.unix.DatagramSocketAddress;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import io.socketkit.Accepted;
import io.socketkit.AddressFamily;
import io.socketkit.Datagram;
import io.socketkit.Errno;
import io.socketkit.FdMessage;
import io.socketkit.SelectorEvent;
import io.socketkit.ShutdownHow;
import io.socketkit.SocketOption;
import io.socketkit.SocketType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;

/**
 * A socket Netty has no channel for: {@code SOCK_RAW} over IPv4 and IPv6, {@code SOCK_SEQPACKET} over
 * Unix. Its descriptor is made by {@code socket(2)} ({@link NativeSockets}, Java 22+), wrapped in Netty's
 * public {@link Socket}, and watched by one of the provider's epoll event loops
 * ({@link DescriptorRegistration}).
 *
 * <p>Callers make their own non-blocking system calls on the descriptor ({@link DescriptorCalls}: with
 * the socket's lock held and only while it is open, waiting for the event loop's next edge on EAGAIN),
 * so the kernel gives every answer as it gives Python's: message boundaries, truncation, EOF,
 * shutdown, each errno. Close never closes the descriptor under a call.
 */
final class PacketSocket extends NettySocket {
    private final int proto;
    private final Socket fd;
    private final DescriptorRegistration registration;
    private final DescriptorCalls calls = new DescriptorCalls(this);

    /** A new socket of a kind {@link NativeSockets} makes. */
    PacketSocket(EventLoops loops, AddressFamily family, SocketType type, int proto) throws IOException {
        this(loops, family, type, proto, NativeSockets.socket(family, type, proto));
    }

    private PacketSocket(EventLoops loops, AddressFamily family, SocketType type, int proto, int descriptor)
            throws IOException {
        super(loops, family, type);
        this.proto = proto;
        this.fd = new Socket(descriptor);
        try {
            this.registration = DescriptorRegistration.register(loops, fd, calls::onEvent, this::close);
        } catch (IOException | RuntimeException e) {
            fd.close();
            throw e;
        }
        loops.track(this);
    }

    @Override
    public int proto() {
        return proto;
    }

    // ---- addresses ----

    @Override
    public void bind(SocketAddress address) throws IOException {
        setup.lock();
        try {
            checkOpen("bind");
            SocketAddress local = checkAddress(address, "bind");
            checkUnixPathFree(local);
            SocketAddress nettyAddress = backend.toNetty(local);
            calls.now("bind", local, () -> {
                fd.bind(nettyAddress);
                return null;
            });
            if (family == AddressFamily.UNIX) {
                rememberUnixFile(local);
            } else {
                boundAddress = local;
            }
        } finally {
            setup.unlock();
        }
    }

    @Override
    public void connect(SocketAddress address) throws IOException {
        setup.lock();
        try {
            checkOpen("connect");
            SocketAddress target = checkAddress(address, "connect");
            SocketAddress nettyAddress = backend.toNetty(target);
            // Neither Unix nor raw sockets connect in the background: the kernel answers at once.
            calls.now("connect", target, () -> fd.connect(nettyAddress));
        } finally {
            setup.unlock();
        }
    }

    @Override
    public void listen(int backlog) throws IOException {
        calls.now("listen", null, () -> {
            fd.listen(Math.max(backlog, 0));
            return null;
        });
    }

    @Override
    public Accepted accept() throws IOException {
        byte[] ignored = new byte[64];
        int accepted = calls.untilDone("accept", false, null, () -> {
            int descriptor = fd.accept(ignored);
            return descriptor < 0 ? null : descriptor;
        });
        PacketSocket connection = new PacketSocket(loops, family, type, proto, accepted);
        connection.boundAddress = boundAddress;
        SocketAddress peer = connection.peerOrNull();
        return new Accepted(connection, peer == null ? unboundAddress() : peer);
    }

    private SocketAddress peerOrNull() throws IOException {
        return calls.now("getpeername", null, () -> family == AddressFamily.UNIX
                ? shownOrNull(fd.remoteDomainSocketAddress())
                : fd.remoteAddress());
    }

    private SocketAddress shownOrNull(DomainSocketAddress address) {
        return address == null ? null : shown(address, null);
    }

    @Override
    public SocketAddress getPeerName() throws IOException {
        SocketAddress peer = peerOrNull();
        if (peer == null) {
            throw Errno.ENOTCONN.newException("getpeername" + where(null), null);
        }
        return peer;
    }

    @Override
    public SocketAddress getSockName() throws IOException {
        SocketAddress local = calls.now("getsockname", null, () -> family == AddressFamily.UNIX
                ? fd.localDomainSocketAddress()
                : fd.localAddress());
        return shown(local, boundAddress);
    }

    @Override
    public int fileno() {
        lock.lock();
        try {
            return closed ? -1 : fd.intValue();
        } finally {
            lock.unlock();
        }
    }

    // ---- receiving ----

    @Override
    public byte[] recv(int bufsize) throws IOException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recv: " + bufsize);
        }
        checkOpen("recv");
        if (bufsize == 0) {
            return EMPTY;
        }
        if (type == SocketType.RAW) {
            return recvFrom(bufsize).data();
        }
        byte[] data = calls.untilDone("recv", false, null, () -> {
            ByteBuffer buffer = calls.scratch(bufsize);
            int n = fd.recv(buffer, 0, bufsize);
            // Netty's recv: -1 for a zero-byte read (end of stream, or an empty message), 0 for EAGAIN.
            return n == 0 ? null : n < 0 ? EMPTY : copy(buffer, n);
        });
        counted(data.length, 0);
        return data;
    }

    @Override
    public Datagram recvFrom(int bufsize) throws IOException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recvfrom: " + bufsize);
        }
        if (type != SocketType.RAW) {
            return new Datagram(recv(bufsize), null);
        }
        Datagram packet = calls.untilDone("recvfrom", false, null, () -> {
            ByteBuffer buffer = calls.scratch(bufsize);
            DatagramSocketAddress sender = fd.recvFrom(buffer, 0, bufsize);
            if (sender == null) {
                return null;
            }
            int n = Math.min(sender.receivedAmount(), bufsize);
            return new Datagram(copy(buffer, n), new InetSocketAddress(unscoped(sender.getAddress()), sender.getPort()));
        });
        counted(packet.data().length, 0);
        return packet;
    }

    /** An IPv6 sender with scope 0 (none) as Python shows it: without a {@code %0}. */
    private static java.net.InetAddress unscoped(java.net.InetAddress address) throws IOException {
        if (address instanceof java.net.Inet6Address && ((java.net.Inet6Address) address).getScopeId() == 0) {
            return java.net.InetAddress.getByAddress(address.getAddress());
        }
        return address;
    }

    private static byte[] copy(ByteBuffer buffer, int length) {
        byte[] data = new byte[length];
        buffer.get(0, data, 0, length);
        return data;
    }

    // ---- sending ----

    @Override
    public int send(byte[] data) throws IOException {
        checkOpen("send");
        int sent = calls.untilDone("send", true, null, () -> {
            ByteBuffer buffer = calls.filled(data);
            int n = fd.send(buffer, 0, data.length);
            // 0 is EAGAIN in Netty's answer, unless nothing was to be sent.
            return n == 0 && data.length > 0 ? null : n;
        });
        counted(0, sent);
        return sent;
    }

    @Override
    public void sendAll(byte[] data) throws IOException {
        // A message goes whole or not at all.
        send(data);
    }

    @Override
    public int sendTo(byte[] data, SocketAddress address) throws IOException {
        checkOpen("sendto");
        SocketAddress target = checkAddress(address, "sendto");
        SocketAddress nettyAddress = backend.toNetty(target);
        int sent = calls.untilDone("sendto", true, target, () -> {
            ByteBuffer buffer = calls.filled(data);
            int n;
            if (nettyAddress instanceof DomainSocketAddress) {
                n = fd.sendToDomainSocket(buffer, 0, data.length,
                        ((DomainSocketAddress) nettyAddress).path().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                InetSocketAddress inet = (InetSocketAddress) nettyAddress;
                n = fd.sendTo(buffer, 0, data.length, inet.getAddress(), inet.getPort());
            }
            return n == 0 && data.length > 0 ? null : n;
        });
        counted(0, sent);
        return sent;
    }

    // ---- descriptors (SCM_RIGHTS) ----

    @Override
    public int sendFds(byte[] data, int... fds) throws IOException {
        NativeMessages.checkFds(fds);
        checkOpen("send_fds");
        if (type != SocketType.SEQPACKET) {
            throw Errno.EOPNOTSUPP.newException("send_fds" + where(null) + ": Unix sockets only", null);
        }
        long sent = calls.untilDone("send_fds", true, null, () -> {
            long n = NativeMessages.send(fd.intValue(), data, fds);
            return n < 0 ? null : n;
        });
        counted(0, sent);
        return (int) sent;
    }

    @Override
    public FdMessage recvFds(int bufsize, int maxFds) throws IOException {
        if (bufsize < 0 || maxFds < 0) {
            throw new IllegalArgumentException("negative bufsize or maxFds in recv_fds: " + bufsize + ", " + maxFds);
        }
        checkOpen("recv_fds");
        if (type != SocketType.SEQPACKET) {
            throw Errno.EOPNOTSUPP.newException("recv_fds" + where(null) + ": Unix sockets only", null);
        }
        FdMessage message = calls.untilDone("recv_fds", false, null, () -> NativeMessages.receive(fd.intValue(), bufsize, maxFds));
        counted(message.data().length, 0);
        return message;
    }

    // ---- the rest ----

    @Override
    public void shutdown(ShutdownHow how) throws IOException {
        calls.now("shutdown", null, () -> {
            fd.shutdown(how != ShutdownHow.SHUT_WR, how != ShutdownHow.SHUT_RD);
            return null;
        });
    }

    @Override
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        option.check(value);
        calls.now("setsockopt", null, () -> {
            DescriptorOptions.set(fd, option, value, where(null));
            return null;
        });
    }

    @Override
    public <T> T getOption(SocketOption<T> option) throws IOException {
        return calls.now("getsockopt", null, () -> DescriptorOptions.get(fd, option, where(null)));
    }

    @Override
    Channel optionChannel() {
        return null;
    }

    @Override
    boolean wantsMoreReads() {
        return false;
    }

    @Override
    public Set<SelectorEvent> readiness() {
        lock.lock();
        try {
            if (closed) {
                return EnumSet.allOf(SelectorEvent.class);
            }
            int ready = NativeSockets.pollNow(fd.intValue());
            EnumSet<SelectorEvent> events = EnumSet.noneOf(SelectorEvent.class);
            if ((ready & (NativeSockets.POLLIN | NativeSockets.POLLERR | NativeSockets.POLLHUP)) != 0) {
                events.add(SelectorEvent.READ);
            }
            if ((ready & (NativeSockets.POLLOUT | NativeSockets.POLLERR)) != 0) {
                events.add(SelectorEvent.WRITE);
            }
            return events;
        } finally {
            lock.unlock();
        }
    }

    @Override
    boolean readableNow() {
        return readiness().contains(SelectorEvent.READ);
    }

    @Override
    boolean writableNow() {
        return readiness().contains(SelectorEvent.WRITE);
    }

    /**
     * Closes the descriptor once no call is in flight on it: the lock is taken to mark the socket
     * closed (so no call starts after), waiters are woken, the descriptor leaves the event loop's epoll
     * set, and only then is it closed. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        if (registration != null) {
            // Null only if the event loop shut down while this socket was being made.
            registration.cancel();
        }
        try {
            fd.close();
        } catch (IOException e) {
            // close(2) fails only for a bad descriptor, which this one is not; nothing to undo.
            throw new java.io.UncheckedIOException(e);
        }
        removeUnixFile();
        fireReadiness();
    }
}
