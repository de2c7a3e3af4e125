package io.socketkit.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.UnixChannel;
import io.socketkit.AbstractUnixAddress;
import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.PeerCredentials;
import io.socketkit.SocketType;
import io.socketkit.netty.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.EnumMap;
import java.util.Map;

/**
 * What differs between Netty's transports: the event-loop handler, the channel classes for each
 * family and type, the address types, descriptors and peer credentials. Everything above this class
 * is transport-neutral.
 */
public abstract class Backend {
    private static final Map<Transport, Backend> BACKENDS = new EnumMap<>(Transport.class);

    static {
        BACKENDS.put(Transport.NIO, new NioBackend());
        BACKENDS.put(Transport.EPOLL, new EpollBackend());
        BACKENDS.put(Transport.IO_URING, new IoUringBackend());
        BACKENDS.put(Transport.KQUEUE, new KQueueBackend());
    }

    /**
     * The backend of a transport.
     *
     * @param transport the transport
     * @return its backend
     */
    public static Backend of(Transport transport) {
        return BACKENDS.get(transport);
    }

    /**
     * Whether a peer's SHUT_WR leaves a connection of this transport and family able to send.
     *
     * @param transport the transport
     * @param family the family
     * @return false where Netty closes the whole connection on the peer's SHUT_WR
     */
    public static boolean halfClosure(Transport transport, AddressFamily family) {
        return of(transport).halfClosure(family);
    }

    /**
     * Whether a peer's SHUT_WR leaves a blocking stream socket of this transport and family able to
     * send, when a platform thread reads it and no selector watches it. Besides
     * {@link #halfClosure(Transport, AddressFamily)}, such a socket on the fast path reads the end of
     * stream itself, so Netty's closing on it does not apply (NIO Unix sockets); where the event loop
     * reads (a selector, a virtual thread) {@code halfClosure} is the answer.
     *
     * @param transport the transport
     * @param family the family
     * @return false where the connection is closed on the peer's SHUT_WR
     */
    public static boolean blockingHalfClosure(Transport transport, AddressFamily family) {
        Backend backend = of(transport);
        return backend.halfClosure(family) || backend.hasDirectIo();
    }

    /**
     * Whether empty datagrams reach the receiver. They do on every transport with datagram sockets:
     * Netty 4.2.18's datagram channels deliver a 0-byte datagram as an empty packet
     * ({@code EmptyDatagramTest#receivesEmptyFromJdk}). Sending them is another matter: NIO, epoll and
     * kqueue skip an empty buffer on write, so socketkit sends those itself ({@link #emptyDatagramSender}).
     *
     * @param transport the transport
     * @return whether an empty datagram sent to a socket of this transport arrives as one
     */
    public static boolean deliversEmptyDatagrams(Transport transport) {
        return transport.supports(AddressFamily.INET, SocketType.DGRAM);
    }

    /**
     * Whether a connected datagram socket's {@code send} of an empty datagram sends one. Not on NIO: the
     * JDK's {@code DatagramChannel} writes a connected channel's datagrams with {@code write}, which makes
     * no system call for an empty buffer, and refuses {@code send} to another address; documented in
     * docs/python-parity.md.
     *
     * @param transport the transport
     * @return false where a connected socket's empty datagram is not sent
     */
    public static boolean sendsEmptyWhenConnected(Transport transport) {
        return deliversEmptyDatagrams(transport) && transport != Transport.NIO;
    }

    abstract Transport transport();

    /**
     * Whether this transport has sockets of this family and type: {@link Transport#supports}, the one table.
     *
     * @param family the family
     * @param type the type
     * @return true if it has them
     */
    boolean supports(AddressFamily family, SocketType type) {
        return transport().supports(family, type);
    }

    abstract IoHandlerFactory ioHandlerFactory();

    abstract Channel newStreamChannel(AddressFamily family);

    abstract ServerChannel newServerChannel(AddressFamily family);

    abstract Channel newDatagramChannel(AddressFamily family);

    /**
     * Whether a new stream channel stays unregistered until it connects. NIO needs this: the JDK
     * closes a channel registered with a selector only at the selector's next pass, so a bound client
     * channel closed for {@code listen} would hold its port a moment longer.
     */
    boolean lazyRegistration() {
        return false;
    }

    /**
     * Binds a stream channel that is not registered yet ({@link #lazyRegistration()}).
     *
     * @throws IOException the bind error
     */
    void bindUnregistered(Channel channel, SocketAddress address) throws IOException {
        throw new IllegalStateException(transport() + " registers channels at once");
    }

    /**
     * Whether a peer's SHUT_WR leaves this side able to send. Netty 4.2.18's NIO and io_uring Unix
     * stream channels close the whole connection instead (their half-closure check wants a TCP
     * channel's configuration); documented in docs/python-parity.md.
     */
    boolean halfClosure(AddressFamily family) {
        return true;
    }

    /**
     * Waits, off the event loop, until a closed channel's descriptor is really closed. Nothing to wait
     * for on the native transports: their close is close(2).
     */
    void awaitDescriptorClosed(Channel channel) {
    }

    /** Whether the transport's addresses for Unix sockets are Netty's {@link DomainSocketAddress}. */
    boolean nativeUnixAddresses() {
        return true;
    }

    /** Whether Linux's abstract namespace works here. */
    boolean abstractNamespace() {
        return false;
    }

    /**
     * The address Netty's channel takes for a socketkit address (already resolved and checked).
     *
     * @throws IOException EAFNOSUPPORT for an abstract name on a transport without them
     */
    SocketAddress toNetty(SocketAddress address) throws IOException {
        if (address instanceof AbstractUnixAddress) {
            if (!abstractNamespace()) {
                throw Errno.EAFNOSUPPORT.newException("abstract Unix names need EPOLL or IO_URING on Linux; "
                        + transport() + " has none", address);
            }
            return new DomainSocketAddress("\0" + ((AbstractUnixAddress) address).name());
        }
        if (address instanceof UnixDomainSocketAddress && nativeUnixAddresses()) {
            return new DomainSocketAddress(((UnixDomainSocketAddress) address).getPath().toString());
        }
        return address;
    }

    /** The socketkit address for what a Netty channel reports; {@code null} stays {@code null}. */
    SocketAddress fromNetty(SocketAddress address) {
        if (address instanceof DomainSocketAddress) {
            String path = ((DomainSocketAddress) address).path();
            if (path.startsWith("\0")) {
                return AbstractUnixAddress.of(path.substring(1));
            }
            return UnixDomainSocketAddress.of(path);
        }
        return address;
    }

    /** The socketkit address of a received datagram's sender; null for an unbound Unix sender (Python's None). */
    SocketAddress sender(SocketAddress nettyAddress) {
        if (nettyAddress == null
                || (nettyAddress instanceof DomainSocketAddress && ((DomainSocketAddress) nettyAddress).path().isEmpty())) {
            return null;
        }
        return fromNetty(nettyAddress);
    }

    /** The datagram message a channel of this family writes. */
    AddressedEnvelope<ByteBuf, ? extends SocketAddress> datagram(ByteBuf content, SocketAddress recipient) {
        if (recipient instanceof DomainSocketAddress) {
            return new DomainDatagramPacket(content, (DomainSocketAddress) recipient);
        }
        return new DatagramPacket(content, (InetSocketAddress) recipient);
    }

    /**
     * The fast path on a connected stream channel: the caller's own reads and writes on its
     * descriptor. Null where the transport cannot do that safely, and the socket hands off to the
     * event loop instead.
     */
    DirectIo directIo(Channel channel) {
        return null;
    }

    /** Whether {@link #directIo} gives blocking stream sockets the fast path on this transport. */
    boolean hasDirectIo() {
        return false;
    }

    /**
     * The sender of empty datagrams on a datagram channel, where the transport's write would skip them
     * (see {@link EmptyDatagramSender}); null where Netty sends them itself (io_uring).
     */
    EmptyDatagramSender emptyDatagramSender(Channel channel) {
        return null;
    }

    /** The descriptor, or -1 where the transport has none to show. */
    int fileno(Channel channel) {
        return channel instanceof UnixChannel && channel.isOpen() ? ((UnixChannel) channel).fd().intValue() : -1;
    }

    /**
     * The peer's credentials on a Unix stream channel.
     *
     * @throws IOException EOPNOTSUPP where the transport cannot tell them
     */
    PeerCredentials peerCredentials(Channel channel) throws IOException {
        throw Errno.EOPNOTSUPP.newException(
                "peer credentials need EPOLL, IO_URING or KQUEUE; " + transport() + " has none", null);
    }

    static PeerCredentials convert(io.netty.channel.unix.PeerCredentials credentials) {
        int[] gids = credentials.gids();
        return new PeerCredentials(credentials.pid(), credentials.uid(), gids.length == 0 ? -1 : gids[0]);
    }

}
