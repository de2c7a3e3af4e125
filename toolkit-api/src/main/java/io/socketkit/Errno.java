package io.socketkit;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.util.Locale;

/**
 * Linux's error numbers, with the names and messages Python shows ({@code errno.ECONNREFUSED},
 * {@code os.strerror(111)}).
 *
 * <p>{@link #of(Throwable)} tells the errno an exception carries, and {@link #newException} makes the
 * exception a Java programmer expects for it: {@link ConnectionRefusedError} is a
 * {@link java.net.ConnectException}, {@link AddressInUseError} a {@link java.net.BindException}, and so on.
 */
public enum Errno {
    /** Operation not permitted. */
    EPERM(1, "Operation not permitted"),
    /** No such file or directory. */
    ENOENT(2, "No such file or directory"),
    /** Interrupted system call. */
    EINTR(4, "Interrupted system call"),
    /** Input/output error. */
    EIO(5, "Input/output error"),
    /** Bad file descriptor: the socket is closed. */
    EBADF(9, "Bad file descriptor"),
    /** Resource temporarily unavailable: a non-blocking call would block. */
    EAGAIN(11, "Resource temporarily unavailable"),
    /** Cannot allocate memory. */
    ENOMEM(12, "Cannot allocate memory"),
    /** Permission denied. */
    EACCES(13, "Permission denied"),
    /** File exists. */
    EEXIST(17, "File exists"),
    /** Not a directory. */
    ENOTDIR(20, "Not a directory"),
    /** Invalid argument. */
    EINVAL(22, "Invalid argument"),
    /** Too many open files in system. */
    ENFILE(23, "Too many open files in system"),
    /** Too many open files. */
    EMFILE(24, "Too many open files"),
    /** Broken pipe: sending on a connection whose writing side is closed. */
    EPIPE(32, "Broken pipe"),
    /** File name too long. */
    ENAMETOOLONG(36, "File name too long"),
    /** Function not implemented. */
    ENOSYS(38, "Function not implemented"),
    /** Socket operation on non-socket. */
    ENOTSOCK(88, "Socket operation on non-socket"),
    /** Destination address required: {@code send} on an unconnected datagram socket. */
    EDESTADDRREQ(89, "Destination address required"),
    /** Message too long: a datagram over the protocol's limit. */
    EMSGSIZE(90, "Message too long"),
    /** Protocol wrong type for socket. */
    EPROTOTYPE(91, "Protocol wrong type for socket"),
    /** Protocol not available: an option this socket does not have. */
    ENOPROTOOPT(92, "Protocol not available"),
    /** Protocol not supported. */
    EPROTONOSUPPORT(93, "Protocol not supported"),
    /** Socket type not supported. */
    ESOCKTNOSUPPORT(94, "Socket type not supported"),
    /** Operation not supported. */
    EOPNOTSUPP(95, "Operation not supported"),
    /** Protocol family not supported. */
    EPFNOSUPPORT(96, "Protocol family not supported"),
    /** Address family not supported by protocol. */
    EAFNOSUPPORT(97, "Address family not supported by protocol"),
    /** Address already in use. */
    EADDRINUSE(98, "Address already in use"),
    /** Cannot assign requested address. */
    EADDRNOTAVAIL(99, "Cannot assign requested address"),
    /** Network is down. */
    ENETDOWN(100, "Network is down"),
    /** Network is unreachable. */
    ENETUNREACH(101, "Network is unreachable"),
    /** Network dropped connection on reset. */
    ENETRESET(102, "Network dropped connection on reset"),
    /** Software caused connection abort. */
    ECONNABORTED(103, "Software caused connection abort"),
    /** Connection reset by peer. */
    ECONNRESET(104, "Connection reset by peer"),
    /** No buffer space available. */
    ENOBUFS(105, "No buffer space available"),
    /** Transport endpoint is already connected. */
    EISCONN(106, "Transport endpoint is already connected"),
    /** Transport endpoint is not connected. */
    ENOTCONN(107, "Transport endpoint is not connected"),
    /** Cannot send after transport endpoint shutdown. */
    ESHUTDOWN(108, "Cannot send after transport endpoint shutdown"),
    /** Connection timed out (by the kernel, not by a socket timeout). */
    ETIMEDOUT(110, "Connection timed out"),
    /** Connection refused. */
    ECONNREFUSED(111, "Connection refused"),
    /** Host is down. */
    EHOSTDOWN(112, "Host is down"),
    /** No route to host. */
    EHOSTUNREACH(113, "No route to host"),
    /** Operation already in progress: a non-blocking connect is still under way. */
    EALREADY(114, "Operation already in progress"),
    /** Operation now in progress: a non-blocking connect has started. */
    EINPROGRESS(115, "Operation now in progress");

    private static final Errno[] BY_NUMBER = new Errno[128];

    static {
        for (Errno errno : values()) {
            BY_NUMBER[errno.number] = errno;
        }
    }

    private final int number;
    private final String message;

    Errno(int number, String message) {
        this.number = number;
        this.message = message;
    }

    /**
     * The number, as Linux and Python's {@code errno} module have it.
     *
     * @return the number
     */
    public int number() {
        return number;
    }

    /**
     * The message, as {@code os.strerror} gives it.
     *
     * @return the message
     */
    public String message() {
        return message;
    }

    /**
     * The errno with this number.
     *
     * @param number a Linux errno number
     * @return the errno, or {@code null} if this enum does not list it
     */
    public static Errno ofNumber(int number) {
        return number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }

    /**
     * The errno an exception carries: its own if it is an {@link OSError}, else the one its type or
     * message stands for (the JDK's {@link ClosedChannelException} is EBADF, a message containing
     * "Connection refused" is ECONNREFUSED), looking through its causes.
     *
     * @param error an exception, or {@code null}
     * @return the errno, or {@code null} if there is none (a timeout has none, as in Python)
     */
    public static Errno of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OSError) {
                return ((OSError) t).errno();
            }
            Errno known = ofJdkException(t);
            if (known != null) {
                return known;
            }
        }
        return null;
    }

    private static Errno ofJdkException(Throwable t) {
        if (t instanceof ClosedChannelException) {
            return EBADF;
        }
        if (t instanceof NotYetConnectedException) {
            return ENOTCONN;
        }
        if (t instanceof AlreadyConnectedException) {
            return EISCONN;
        }
        if (t instanceof ConnectionPendingException) {
            return EALREADY;
        }
        if (t instanceof NotYetBoundException) {
            return EINVAL;
        }
        if (t instanceof java.net.PortUnreachableException) {
            return ECONNREFUSED;
        }
        if (t instanceof java.io.FileNotFoundException || t instanceof java.nio.file.NoSuchFileException) {
            return ENOENT;
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return EACCES;
        }
        String text = t.getMessage();
        if (text == null || !(t instanceof IOException)) {
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (Errno errno : values()) {
            if (lower.contains(errno.message.toLowerCase(Locale.ROOT))) {
                return errno;
            }
        }
        // The JDK's own wording for two common cases.
        if (lower.contains("connection reset")) {
            return ECONNRESET;
        }
        if (lower.contains("message too large")) {
            return EMSGSIZE;
        }
        return null;
    }

    /**
     * Makes the exception for this errno: the subclass of the JDK type a Java programmer catches,
     * carrying this errno. The message reads as Python's, {@code [Errno 111] Connection refused: detail}.
     *
     * @param detail what failed (the call and its address), or {@code null}
     * @param address the address involved, or {@code null}
     * @return the exception, an {@link OSError}
     */
    public IOException newException(String detail, SocketAddress address) {
        String text = "[Errno " + number + "] " + message + (detail == null ? "" : ": " + detail);
        switch (this) {
            case ECONNREFUSED:
                return new ConnectionRefusedError(text, address);
            case EADDRINUSE:
                return new AddressInUseError(text, address);
            case ECONNRESET:
                return new ConnectionResetError(text, address);
            case EPIPE:
                return new BrokenPipeError(text, address);
            case EPERM:
            case EACCES:
                return new PermissionError(this, text, address);
            case EAGAIN:
            case EINPROGRESS:
            case EALREADY:
                return new BlockingIOError(this, text, address);
            default:
                return new SocketError(this, text, address);
        }
    }

    @Override
    public String toString() {
        return name() + " (" + number + ", " + message + ")";
    }
}
