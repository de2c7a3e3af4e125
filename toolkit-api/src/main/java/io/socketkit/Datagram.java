package io.socketkit;

import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link Socket#recvFrom(int)} returns: Python's {@code (data, address)} pair.
 *
 * <p>The array is the caller's to keep; the record does not copy it.
 *
 * @param data the bytes received, cut to the size asked for
 * @param address the sender, or {@code null} for an unbound Unix datagram sender (Python's {@code None})
 *     and for stream sockets
 */
public record Datagram(byte[] data, SocketAddress address) {
    /**
     * Checks the components.
     *
     * @param data the bytes received
     * @param address the sender, or {@code null}
     * @throws NullPointerException if {@code data} is null
     */
    public Datagram {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Datagram
                && Arrays.equals(data, ((Datagram) other).data)
                && Objects.equals(address, ((Datagram) other).address);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Objects.hashCode(address);
    }

    @Override
    public String toString() {
        return "Datagram[" + data.length + " bytes from " + address + "]";
    }
}
