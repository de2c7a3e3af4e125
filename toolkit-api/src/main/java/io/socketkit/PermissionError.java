package io.socketkit;

import java.net.SocketAddress;

/**
 * The caller lacks the privilege, EPERM or EACCES (Python's {@code PermissionError}): a raw socket
 * without {@code CAP_NET_RAW}, a port below 1024 without {@code CAP_NET_BIND_SERVICE}.
 */
public class PermissionError extends SocketError {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the error.
     *
     * @param errno {@link Errno#EPERM} or {@link Errno#EACCES}
     * @param message the message
     * @param address the address involved, or {@code null}
     * @throws IllegalArgumentException if the errno is neither
     */
    public PermissionError(Errno errno, String message, SocketAddress address) {
        super(errno, message, address);
        if (errno != Errno.EPERM && errno != Errno.EACCES) {
            throw new IllegalArgumentException("not a permission errno: " + errno);
        }
    }
}
