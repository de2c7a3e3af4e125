package io.socketkit;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Socket#recvFds} returns (Python's {@code recv_fds} tuple): the bytes, the descriptors
 * that came with them, and whether some were cut. The descriptors are the receiver's:
 * {@link #close()} closes those it has not closed itself.
 *
 * @param data the bytes received; empty at end of stream
 * @param descriptors the descriptors received, each to be closed by the receiver
 * @param truncated whether the kernel dropped data or descriptors that did not fit
 *     ({@code MSG_TRUNC} or {@code MSG_CTRUNC}); dropped descriptors are closed by the kernel
 */
public record FdMessage(byte[] data, List<Descriptor> descriptors, boolean truncated) implements Closeable {
    /**
     * Checks and copies the components.
     *
     * @param data the bytes
     * @param descriptors the descriptors
     * @param truncated whether something was cut
     * @throws NullPointerException if {@code data} or {@code descriptors} is null
     */
    public FdMessage {
        Objects.requireNonNull(data, "data");
        descriptors = List.copyOf(descriptors);
    }

    /**
     * Closes every descriptor (each close is idempotent).
     *
     * @throws IOException if closing one fails (the others are closed still)
     */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Descriptor descriptor : descriptors) {
            try {
                descriptor.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
