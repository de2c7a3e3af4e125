package io.socketkit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A file descriptor received over a Unix socket ({@link Socket#recvFds}): an open file, pipe or socket
 * that another process (or socket) passed, now owned by the receiver, who must close it. Python's
 * {@code recv_fds} gives plain numbers; Java has no call to close a number, so socketkit gives this.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public interface Descriptor extends Closeable {

    /**
     * The descriptor's number, to pass on with {@link Socket#sendFds} or to native code.
     *
     * @return the number, or {@code -1} once closed
     */
    int fd();

    /**
     * Reads from the descriptor ({@code read(2)}) into the buffer's remaining space; the position advances.
     *
     * @param buffer where the bytes go
     * @return how many bytes were read; {@code -1} at end of file; {@code 0} if the descriptor is
     *     non-blocking and has nothing now
     * @throws IOException the errno of {@code read(2)}, EBADF once closed
     */
    int read(ByteBuffer buffer) throws IOException;

    /**
     * Writes the buffer's remaining bytes that fit now ({@code write(2)}); the position advances.
     *
     * @param buffer the bytes
     * @return how many were written; {@code 0} if the descriptor is non-blocking and full
     * @throws IOException the errno of {@code write(2)}, EBADF once closed
     */
    int write(ByteBuffer buffer) throws IOException;

    /**
     * Closes the descriptor; idempotent.
     *
     * @throws IOException never in practice; declared by {@link Closeable}
     */
    @Override
    void close() throws IOException;
}
