package io.socketkit.server;

import java.nio.ByteBuffer;

/**
 * The event style for stream servers: callbacks on the connection's event loop, at the speed of a
 * hand-written Netty handler. One instance per connection (the server's factory makes it), so it may
 * keep the connection's state in fields.
 *
 * <p>Never block in a callback: it holds up every connection of that event loop. Work that blocks
 * belongs in a {@link RequestHandler} under a {@link Concurrency} policy.
 *
 * <pre>{@code
 * final class Echo implements StreamEventHandler {
 *     public void onData(Connection connection, ByteBuffer data) {
 *         connection.write(data);          // flushed in onReadComplete
 *     }
 * }
 * }</pre>
 *
 * <p>What a callback throws goes to {@link #onError}, which by default closes the connection.
 */
public interface StreamEventHandler {
    /**
     * A connection opened.
     *
     * @param connection the connection
     * @throws Exception anything: goes to {@link #onError}
     */
    default void onOpen(Connection connection) throws Exception {
    }

    /**
     * Bytes arrived.
     *
     * @param connection the connection
     * @param data the bytes, read-only and valid only during the call (copy what you keep)
     * @throws Exception anything: goes to {@link #onError}
     */
    void onData(Connection connection, ByteBuffer data) throws Exception;

    /**
     * A message arrived that a codec added in front of the handler decoded into something other than
     * bytes. By default that is a mistake, reported as {@link UnsupportedOperationException}.
     *
     * @param connection the connection
     * @param message the decoded message
     * @throws Exception anything: goes to {@link #onError}
     */
    default void onMessage(Connection connection, Object message) throws Exception {
        throw new UnsupportedOperationException("a codec produced " + message.getClass().getName()
                + "; override StreamEventHandler.onMessage to take it");
    }

    /**
     * A batch of reads ended: by default, flushes what the handler wrote (one system call for many writes).
     *
     * @param connection the connection
     * @throws Exception anything: goes to {@link #onError}
     */
    default void onReadComplete(Connection connection) throws Exception {
        connection.flush();
    }

    /**
     * The client shut down its sending side (it will send nothing more, but may still read). By default
     * the connection is closed once what the handler wrote is flushed: nothing written is lost.
     *
     * @param connection the connection
     * @throws Exception anything: goes to {@link #onError}
     */
    default void onInputClosed(Connection connection) throws Exception {
        connection.close();
    }

    /**
     * {@link Connection#isWritable()} may have changed: called at least each time it turns true after
     * being false (asyncio's {@code resume_writing()}), and when it turns false on the event loop (a
     * write from another thread can make it false without a call). Check {@code isWritable()}.
     *
     * @param connection the connection
     * @throws Exception anything: goes to {@link #onError}
     */
    default void onWritabilityChanged(Connection connection) throws Exception {
    }

    /**
     * The connection closed (either end).
     *
     * @param connection the connection
     * @throws Exception anything: logged
     */
    default void onClose(Connection connection) throws Exception {
    }

    /**
     * A callback threw, or the connection failed (a reset). By default: logged at debug for I/O errors,
     * at warning otherwise, and the connection closed. The server goes on.
     *
     * @param connection the connection
     * @param error what happened
     * @throws Exception anything: logged
     */
    default void onError(Connection connection, Throwable error) throws Exception {
        connection.close();
    }
}
