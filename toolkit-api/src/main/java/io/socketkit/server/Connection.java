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
     * Whether what waits to be sent ({@link #pendingOutputBytes()}, writes from other threads included
     * from the call) is under the high water mark: 64 KiB unless {@link #setWriteBufferLimits} says
     * otherwise. Once it has passed the high mark it stays false until what waits has gone down to the
     * low mark; {@link StreamEventHandler#onWritabilityChanged} is called when it turns true again. When
     * it is false, stop writing to this connection, or stop reading from whoever produces what you
     * write ({@link #pauseReading()}) until then: that is backpressure.
     *
     * @return true if writing more is fine
     */
    boolean isWritable();

    /**
     * Sets the high and low water marks of {@link #isWritable()}, as asyncio's
     * {@code transport.set_write_buffer_limits(high, low)} does. They take effect at the next write.
     *
     * @param high the bytes waiting above which the connection is not writable
     * @param low the bytes waiting at or below which it is writable again
     * @throws IllegalArgumentException if {@code low} is negative or {@code high} is less than {@code low}
     */
    void setWriteBufferLimits(int high, int low);

    /**
     * How many bytes wait to be sent: written (from any thread, including writes the event loop has not
     * yet got to) but not yet taken by the kernel, plus an estimate of what each waiting write holds
     * besides its bytes (as Netty counts its outbound buffer). The server's {@code maxPendingOutputBytes}
     * bounds it.
     *
     * @return the count
     */
    long pendingOutputBytes();

    /**
     * Stops reading from this connection: no {@link StreamEventHandler#onData} after the read under way
     * (TCP then slows the client down). Asyncio's {@code transport.pause_reading()}.
     */
    void pauseReading();

    /** Reads again after {@link #pauseReading()}. Asyncio's {@code transport.resume_reading()}. */
    void resumeReading();

    /**
     * Runs a task on this connection's event loop, as asyncio's {@code loop.call_soon_threadsafe(task)}:
     * for work on the connection's handler state asked from another connection's callback (to go on with
     * lines held back while reading was paused, say). It runs after every write, flush and close already
     * asked of this connection (from any thread), as a task of its own: never inside a callback or a
     * call, even when asked on the loop itself. What it throws goes to
     * {@link StreamEventHandler#onError}. It does not run once the connection is closed.
     *
     * @param task what to run
     * @throws NullPointerException if {@code task} is null
     */
    void execute(Runnable task);

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
