package io.socketkit;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * What {@link Socket#accept()} returns: Python's {@code (conn, address)} pair.
 *
 * @param connection the new connected socket, in blocking mode (or the default timeout)
 * @param address the peer's address, equal to the client's {@link Socket#getSockName()}
 */
public record Accepted(Socket connection, SocketAddress address) {
    /**
     * Checks the components.
     *
     * @param connection the new connected socket
     * @param address the peer's address
     * @throws NullPointerException if either is null
     */
    public Accepted {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(address, "address");
    }
}
