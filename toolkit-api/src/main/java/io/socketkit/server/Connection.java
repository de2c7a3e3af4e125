package io.socketkit.server;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * One connection of an event-style server, as its {@link StreamEventHandler} sees it. Every method
 * may be called from any thread. Writes, flushes and {@link #close()} take effect in the order the calls
 * were made, whichever threads made them: a line another connection's handler writes before this
 * connection's own handler writes is sent first.
 *
 * <p>Calls from other threads are handed to the connection's event loop in batches: however many arrive
 * while it is busy, it takes them in one go and flushes once for all their flushes. So writing many lines
 * to many connections (a chat room's fan-out) costs each connection about one system call per batch, and
 * a handler on the loop can write to other connections and {@code flush()} each once at
 * {@link StreamEventHandler#onReadComplete} rather than after every line.
 */
public interface Connection {
    /**
     * The server's end.
     *
     * @return the local address
     */
    SocketAddress localAddress();

    /**
     * The client's end.
     *
     * @return the remote address ({@code ""} path for an unbound Unix client)
     */
    SocketAddress remoteAddress();

    /**
     * Queues bytes to send; {@link #flush()} sends what is queued. The bytes between the buffer's
     * position and limit are taken (the buffer is not changed): the buffer given to
     * {@link StreamEventHandler#onData} is sent without a copy, any other is copied. On a closed
     * connection it does nothing: there is no one to send to, and {@link StreamEventHandler#onClose} has
     * said so (or is about to).
     *
     * @param data the bytes
     */
    void write(ByteBuffer data);

    /**
     * Queues a copy of the bytes to send; nothing on a closed connection.
     *
     * @param data the bytes
     */
    void write(byte[] data);

    /** Sends what is queued. {@link StreamEventHandler#onReadComplete} does it by default. */
    void flush();

    /**
     * Whether what waits to be sent is under the high water mark (64 KiB). When it is not, stop writing
     * or {@link #pauseReading()} until {@link StreamEventHandler#onWritabilityChanged} says it is again:
     * that is backpressure.
     *
     * @return true if writing more is fine
     */
    boolean isWritable();

    /**
     * How many bytes wait to be sent: written (from any thread, including writes the event loop has not
     * yet got to) but not yet taken by the kernel, plus an estimate of what each waiting write holds
     * besides its bytes (as Netty counts its outbound buffer). The server's {@code maxPendingOutputBytes}
     * bounds it.
     *
     * @return the count
     */
    long pendingOutputBytes();

    /** Stops reading from this connection (TCP then slows the client down). */
    void pauseReading();

    /** Reads again after {@link #pauseReading()}. */
    void resumeReading();

    /** Flushes what is queued, then closes the connection; {@link StreamEventHandler#onClose} follows. */
    void close();

    /**
     * Closes the connection now, dropping what waits to be sent: for a client that stopped reading,
     * whose queue would never drain for {@link #close()}.
     */
    void abort();

    /**
     * Whether the connection is open.
     *
     * @return false once closed by either end
     */
    boolean isOpen();
}
