package io.socketkit;

import java.net.BindException;
import java.net.SocketAddress;

/** The address is taken, EADDRINUSE (Python's {@code OSError(98)}). */
public class AddressInUseError extends BindException implements OSError {
    private static final long serialVersionUID = 1L;

    private final transient SocketAddress address;

    /**
     * Makes the error.
     *
     * @param message the message
     * @param address the address that is in use, or {@code null}
     */
    public AddressInUseError(String message, SocketAddress address) {
        super(message);
        this.address = address;
    }

    @Override
    public Errno errno() {
        return Errno.EADDRINUSE;
    }

    @Override
    public SocketAddress address() {
        return address;
    }
}
