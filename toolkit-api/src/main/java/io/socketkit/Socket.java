package io.socketkit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Python's socket object, in Java spelling.
 *
 * <pre>{@code
 * try (Socket sock = Sockets.createConnection(new InetSocketAddress("127.0.0.1", 7007), null)) {
 *     sock.sendAll("hello".getBytes(StandardCharsets.UTF_8));
 *     byte[] reply = sock.recv(1024);
 * }
 * }</pre>
 *
 * <h2>Modes</h2>
 * A socket is in one of three modes, as in Python. <em>Blocking</em> (the default, or
 * {@link Sockets#setDefaultTimeout}): every call waits as long as it takes. <em>Timeout</em>
 * ({@code setTimeout(d)}): a call that cannot complete within {@code d} throws {@link TimeoutError}.
 * <em>Non-blocking</em> ({@code setBlocking(false)}, or {@code setTimeout(Duration.ZERO)}): a call that
 * cannot proceed at once throws {@link BlockingIOError} with {@link Errno#EAGAIN} (EINPROGRESS for
 * {@code connect}); use a {@link Selector} to wait for readiness.
 *
 * <h2>Life cycle</h2>
 * A socket is made by {@link Sockets}, then bound ({@code bind}), connected ({@code connect}) or
 * listening ({@code bind}, {@code listen}), and finally closed. {@code close} is idempotent; after it
 * every call but {@link #getTimeout()}, {@link #getBlocking()}, {@link #family()}, {@link #type()}, {@link #proto()},
 * {@link #fileno()} (then {@code -1}) and {@code close} throws {@link SocketError} with {@link Errno#EBADF}.
 *
 * <h2>Errors</h2>
 * Every I/O failure is an {@link IOException} that is also an {@link OSError} carrying the errno.
 * Misuse of arguments (a negative size, a buffer too small) is an {@link IllegalArgumentException}.
 *
 * <h2>Threads</h2>
 * A socket is safe for use by several threads: one may receive while another sends, as Python allows.
 * Two threads receiving at once each get whole chunks, in no defined order between them.
 */
public interface Socket extends Closeable {

    /**
     * The address family the socket was made with.
     *
     * @return the family
     */
    AddressFamily family();

    /**
     * The socket type the socket was made with.
     *
     * @return the type
     */
    SocketType type();

    /**
     * The protocol the socket was made with ({@code sock.proto}): what was passed to
     * {@link Sockets#socket(AddressFamily, SocketType, int)}, 0 for the default.
     *
     * @return the protocol number, such as {@link Sockets#IPPROTO_ICMP}, or 0
     */
    default int proto() {
        return 0;
    }

    /**
     * Binds the socket to a local address ({@code bind}). Port 0 picks a free port; a Unix path
     * creates the socket file.
     *
     * @param address the local address, of this socket's family
     * @throws AddressInUseError if the address is taken (EADDRINUSE)
     * @throws SocketError EINVAL if the socket is bound already, EADDRNOTAVAIL if the address is not
     *     this host's, EACCES for a privileged port, ENAMETOOLONG for a Unix path over 107 bytes,
     *     EBADF if the socket is closed
     * @throws IllegalArgumentException if the address is not of this socket's family
     * @throws IOException if the bind fails otherwise
     */
    void bind(SocketAddress address) throws IOException;

    /**
     * Makes a bound stream socket accept connections ({@code listen(backlog)}). An unbound socket is
     * bound to an ephemeral port first, as on Linux.
     *
     * @param backlog how many connections may wait to be accepted; 0 and negative values mean the
     *     smallest queue the kernel allows
     * @throws SocketError EOPNOTSUPP on a datagram socket, EINVAL if connected, EBADF if closed
     * @throws IOException if listening fails otherwise
     */
    void listen(int backlog) throws IOException;

    /**
     * {@code listen()} with the default backlog, {@code min(SOMAXCONN, 128)}.
     *
     * @throws IOException as {@link #listen(int)}
     */
    void listen() throws IOException;

    /**
     * Takes the next connection ({@code accept()}).
     *
     * @return the connection, in blocking mode (or the default timeout), and the peer's address
     * @throws BlockingIOError EAGAIN if non-blocking and none is waiting
     * @throws TimeoutError if the timeout passes
     * @throws SocketError EINVAL if not listening (or the listener was shut down), EOPNOTSUPP on a
     *     datagram socket, EBADF if closed
     * @throws IOException if accepting fails otherwise
     */
    Accepted accept() throws IOException;

    /**
     * Connects to a remote address ({@code connect}). On a datagram socket it sets the default
     * destination and receives only from it.
     *
     * @param address the remote address; an unresolved host name is resolved first
     * @throws ConnectionRefusedError if nobody listens there (ECONNREFUSED)
     * @throws BlockingIOError EINPROGRESS if non-blocking (the connect goes on; wait for
     *     {@link SelectorEvent#WRITE}), EALREADY while it is under way
     * @throws TimeoutError if the timeout passes
     * @throws SocketError EISCONN if connected already, ENOENT for a missing Unix path, EBADF if closed
     * @throws IOException if connecting fails otherwise
     */
    void connect(SocketAddress address) throws IOException;

    /**
     * Connects, returning the errno number instead of throwing ({@code connect_ex}).
     *
     * @param address the remote address
     * @return 0 on success, else the errno number (111 refused, 115 in progress, 106 already connected,
     *     11 on timeout, 9 on a closed socket)
     * @throws IllegalArgumentException if the address is not of this socket's family
     * @throws java.net.UnknownHostException if a host name does not resolve
     */
    int connectEx(SocketAddress address) throws IOException;

    /**
     * Receives up to {@code bufsize} bytes ({@code recv}): as soon as any are there, one datagram on
     * a datagram socket (cut to {@code bufsize}, the rest discarded, as the kernel does).
     *
     * @param bufsize the most bytes to return; 0 returns an empty array at once
     * @return 1 to {@code bufsize} bytes; an empty array at end of stream, and on every call after
     * @throws IllegalArgumentException if {@code bufsize} is negative
     * @throws BlockingIOError EAGAIN if non-blocking and nothing is there
     * @throws TimeoutError if the timeout passes
     * @throws ConnectionResetError if the peer reset the connection (once; end of stream after)
     * @throws SocketError ENOTCONN if not connected, EBADF if closed
     * @throws IOException if receiving fails otherwise
     */
    byte[] recv(int bufsize) throws IOException;

    /**
     * Receives into a buffer ({@code recv_into}): up to {@code buffer.remaining()} bytes, written
     * from its position, which advances.
     *
     * @param buffer where the bytes go
     * @return how many bytes were written; 0 at end of stream or for a buffer with no room
     * @throws java.nio.ReadOnlyBufferException if the buffer is read-only
     * @throws IOException as {@link #recv(int)}
     */
    int recvInto(ByteBuffer buffer) throws IOException;

    /**
     * Receives one datagram and its sender ({@code recvfrom}); on a stream socket, as {@link #recv}
     * with a {@code null} address.
     *
     * @param bufsize the most bytes to return; the rest of a longer datagram is discarded
     * @return the data and the sender (null for an unbound Unix sender)
     * @throws IOException as {@link #recv(int)}
     */
    Datagram recvFrom(int bufsize) throws IOException;

    /**
     * Sends what fits now ({@code send}).
     *
     * @param data the bytes
     * @return how many bytes were taken, which may be fewer than {@code data.length} on a stream socket
     * @throws BlockingIOError EAGAIN if non-blocking and nothing fits now
     * @throws TimeoutError if the timeout passes before anything fits
     * @throws BrokenPipeError EPIPE if not connected or this side shut down writing
     * @throws ConnectionResetError if the peer reset the connection
     * @throws SocketError EDESTADDRREQ on an unconnected datagram socket, EMSGSIZE for a datagram over
     *     the limit, EBADF if closed
     * @throws IOException if sending fails otherwise
     */
    int send(byte[] data) throws IOException;

    /**
     * Sends what fits now from a buffer ({@code send}); the buffer's position advances by the count.
     *
     * @param data the bytes between position and limit
     * @return how many bytes were taken
     * @throws IOException as {@link #send(byte[])}
     */
    int send(ByteBuffer data) throws IOException;

    /**
     * Sends all the bytes, waiting as needed ({@code sendall}). The timeout covers the whole call.
     * When it returns, the bytes are the transport's to deliver: closing the socket afterwards still
     * delivers them (as the kernel does).
     *
     * @param data the bytes
     * @throws TimeoutError if the timeout passes; some of the bytes may have been sent
     * @throws BlockingIOError EAGAIN if non-blocking and not all fit
     * @throws IOException as {@link #send(byte[])}
     */
    void sendAll(byte[] data) throws IOException;

    /**
     * Sends one datagram to an address ({@code sendto}). The first {@code sendTo} on an unbound socket
     * binds it to a free port.
     *
     * @param data the datagram
     * @param address where to
     * @return {@code data.length}
     * @throws SocketError EMSGSIZE over the protocol's limit (65507 bytes for UDP over IPv4), ENOENT
     *     for a missing Unix path, EBADF if closed, EISCONN on a connected stream socket
     * @throws IOException if sending fails otherwise
     */
    int sendTo(byte[] data, SocketAddress address) throws IOException;

    /**
     * Blocking or non-blocking mode ({@code setblocking}); {@code true} is {@code setTimeout(null)},
     * {@code false} is {@code setTimeout(Duration.ZERO)}.
     *
     * @param blocking the mode
     * @throws SocketError EBADF if closed
     */
    void setBlocking(boolean blocking) throws IOException;

    /**
     * Whether the socket blocks ({@code getblocking}): false when non-blocking, true otherwise
     * (including in timeout mode, as Python answers).
     *
     * @return the mode
     */
    boolean getBlocking();

    /**
     * Sets the mode by timeout ({@code settimeout}).
     *
     * @param timeout {@code null} for blocking, {@link Duration#ZERO} for non-blocking, else the time
     *     each call may take
     * @throws IllegalArgumentException if the timeout is negative
     * @throws SocketError EBADF if closed
     */
    void setTimeout(Duration timeout) throws IOException;

    /**
     * The timeout ({@code gettimeout}); works on a closed socket too.
     *
     * @return {@code null} when blocking, {@link Duration#ZERO} when non-blocking, else the timeout
     */
    Duration getTimeout();

    /**
     * The remote address ({@code getpeername}).
     *
     * @return the peer's address
     * @throws SocketError ENOTCONN if not connected, EBADF if closed
     */
    SocketAddress getPeerName() throws IOException;

    /**
     * The local address ({@code getsockname}): before bind, the family's wildcard with port 0
     * ({@code 0.0.0.0:0}), or an unnamed Unix address.
     *
     * @return the local address, with the real port if port 0 was asked
     * @throws SocketError EBADF if closed
     */
    SocketAddress getSockName() throws IOException;

    /**
     * The descriptor ({@code fileno}).
     *
     * @return the file descriptor on native transports once the socket has one; {@code -1} after
     *     close and on transports without descriptors (NIO)
     */
    int fileno();

    /**
     * Shuts down one or both directions ({@code shutdown}). Bytes already given to {@code send} are
     * delivered before SHUT_WR takes effect.
     *
     * @param how which direction
     * @throws SocketError ENOTCONN if not connected, EBADF if closed
     */
    void shutdown(ShutdownHow how) throws IOException;

    /**
     * Sets an option ({@code setsockopt}).
     *
     * @param option the option
     * @param value its value
     * @param <T> the value type
     * @throws SocketError ENOPROTOOPT if this socket has no such option here, EOPNOTSUPP where its
     *     family forbids it (TCP_NODELAY, SO_REUSEPORT on Unix sockets), EBADF if closed
     * @throws IllegalArgumentException if the value is negative where a size is asked
     */
    <T> void setOption(SocketOption<T> option, T value) throws IOException;

    /**
     * Reads an option ({@code getsockopt}).
     *
     * @param option the option
     * @param <T> the value type
     * @return its value
     * @throws SocketError as {@link #setOption}
     */
    <T> T getOption(SocketOption<T> option) throws IOException;

    /**
     * Joins a multicast group on a bound datagram socket ({@code IP_ADD_MEMBERSHIP}).
     *
     * @param group the group address
     * @param networkInterface the interface to join on
     * @throws SocketError EOPNOTSUPP on a stream or Unix socket, EBADF if closed
     * @throws IOException if joining fails
     */
    void joinGroup(InetAddress group, NetworkInterface networkInterface) throws IOException;

    /**
     * Leaves a multicast group ({@code IP_DROP_MEMBERSHIP}).
     *
     * @param group the group address
     * @param networkInterface the interface it was joined on
     * @throws IOException as {@link #joinGroup}
     */
    void leaveGroup(InetAddress group, NetworkInterface networkInterface) throws IOException;

    /**
     * A stream that reads from this socket ({@code makefile('rb')}, unbuffered: wrap it in a
     * {@link java.io.BufferedInputStream} for line reading). It reads with {@code recv}, in the
     * socket's mode; after a read times out, later reads fail, as in Python. Closing it does not close
     * the socket.
     *
     * @return the stream
     * @throws SocketError EBADF if closed
     */
    InputStream inputStream() throws IOException;

    /**
     * A stream that writes to this socket with {@code sendAll} ({@code makefile('wb')}, unbuffered).
     * Closing it does not close the socket.
     *
     * @return the stream
     * @throws SocketError EBADF if closed
     */
    OutputStream outputStream() throws IOException;

    /**
     * The peer's process credentials on a connected Unix stream socket ({@code SO_PEERCRED}).
     *
     * @return pid, uid and gid of the peer
     * @throws SocketError EOPNOTSUPP on other sockets or transports without it, ENOTCONN if not
     *     connected, EBADF if closed
     */
    PeerCredentials peerCredentials() throws IOException;

    /**
     * Sends bytes with descriptors attached ({@code socket.send_fds(sock, [data], fds)}, SCM_RIGHTS):
     * the receiver gets its own copies of the open files, pipes or sockets, which stay open here too.
     * Unix stream and seqpacket sockets, where the transport can (see {@code docs/python-parity.md}).
     * Java has no number for its own files: pass a socket's {@link #fileno()}, a received
     * {@link Descriptor#fd()}, or one native code opened.
     *
     * @param data the bytes; at least one on a stream socket, or the descriptors are not sent
     * @param fds the descriptors, at most 253
     * @return how many bytes were sent (a message is sent whole)
     * @throws BlockingIOError EAGAIN if non-blocking and nothing fits now
     * @throws TimeoutError if the timeout passes
     * @throws BrokenPipeError EPIPE if the peer is gone or this side shut down writing
     * @throws SocketError EOPNOTSUPP on other sockets, or where the transport cannot; EBADF if closed
     *     or a descriptor is not open; ENOTCONN if not connected
     * @throws IOException if sending fails otherwise
     */
    default int sendFds(byte[] data, int... fds) throws IOException {
        throw Errno.EOPNOTSUPP.newException("send_fds: not on " + this, null);
    }

    /**
     * Receives bytes and the descriptors sent with them ({@code socket.recv_fds(sock, bufsize, maxfds)}).
     * Bytes that arrive without descriptors come with none; descriptors beyond {@code maxFds} are closed
     * by the kernel and {@link FdMessage#truncated()} says so.
     *
     * @param bufsize the most bytes to return (the rest of a seqpacket message is dropped, as {@code recv} drops it)
     * @param maxFds the most descriptors to take
     * @return the bytes and the descriptors, which the caller must close
     * @throws IllegalArgumentException if {@code bufsize} or {@code maxFds} is negative
     * @throws BlockingIOError EAGAIN if non-blocking and nothing is there
     * @throws TimeoutError if the timeout passes
     * @throws SocketError EOPNOTSUPP on other sockets, or where the transport cannot; EBADF if closed
     * @throws IOException if receiving fails otherwise
     */
    default FdMessage recvFds(int bufsize, int maxFds) throws IOException {
        throw Errno.EOPNOTSUPP.newException("recv_fds: not on " + this, null);
    }

    /**
     * The TLS session of a socket {@link io.socketkit.ssl.SslContext#wrapSocket wrapped} in TLS, once
     * its handshake is done: the protocol and cipher ({@code version()}, {@code cipher()}), the peer's
     * certificates ({@code getpeercert()}), the server name a client asked for.
     *
     * @return the session, or {@code null} for a plain socket or before the handshake completes
     */
    default javax.net.ssl.SSLSession sslSession() {
        return null;
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    boolean isClosed();

    /**
     * Closes the socket ({@code close}); idempotent. Bytes already given to {@code send}/{@code sendAll}
     * are still delivered; a Unix socket file this socket created by {@code bind} is removed (Python
     * leaves it; socketkit documents the difference).
     *
     * @throws IOException never in practice; declared by {@link Closeable}
     */
    @Override
    void close() throws IOException;
}
