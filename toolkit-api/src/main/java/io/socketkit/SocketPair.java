package io.socketkit;

import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;

/**
 * Two connected sockets: what {@link Sockets#socketPair()} returns (Python's {@code socketpair()} tuple).
 *
 * @param first one end
 * @param second the other end
 */
public record SocketPair(Socket first, Socket second) implements Closeable {
    /**
     * Checks the components.
     *
     * @param first one end
     * @param second the other end
     * @throws NullPointerException if either is null
     */
    public SocketPair {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }

    /**
     * Closes both ends.
     *
     * @throws IOException if closing either end fails (the other is closed still)
     */
    @Override
    public void close() throws IOException {
        try {
            first.close();
        } finally {
            second.close();
        }
    }
}
