package io.socketkit.server;

import io.socketkit.Socket;
import java.util.Objects;

/**
 * The request of a datagram server: Python's {@code (data, socket)} pair.
 *
 * @param data the datagram, cut to the server's {@code maxPacketSize}
 * @param socket the server's socket, to reply with {@code sendTo}
 */
public record DatagramRequest(byte[] data, Socket socket) {
    /**
     * Checks the parts.
     *
     * @param data the datagram
     * @param socket the server's socket
     * @throws NullPointerException if either is null
     */
    public DatagramRequest {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(socket, "socket");
    }
}
