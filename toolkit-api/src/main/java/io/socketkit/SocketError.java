package io.socketkit;

import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Objects;

/** A socket call failed with an errno that has no more specific type here (Python's {@code OSError}). */
public class SocketError extends SocketException implements OSError {
    private static final long serialVersionUID = 1L;

    /** What failed, as the kernel says it. */
    private final Errno errno;
    private final transient SocketAddress address;

    /**
     * Makes the error; most code uses {@link Errno#newException(String, SocketAddress)} instead.
     *
     * @param errno the errno
     * @param message the message
     * @param address the address involved, or {@code null}
     * @throws NullPointerException if {@code errno} is null
     */
    public SocketError(Errno errno, String message, SocketAddress address) {
        super(message);
        this.errno = Objects.requireNonNull(errno, "errno");
        this.address = address;
    }

    @Override
    public Errno errno() {
        return errno;
    }

    @Override
    public SocketAddress address() {
        return address;
    }
}
