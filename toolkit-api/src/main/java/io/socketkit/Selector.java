package io.socketkit;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Waits for several sockets at once: Python's {@code selectors.DefaultSelector}.
 *
 * <pre>{@code
 * try (Selector selector = Sockets.selector()) {
 *     listener.setBlocking(false);
 *     selector.register(listener, Set.of(SelectorEvent.READ), null);
 *     for (Selected ready : selector.select(Duration.ofSeconds(1))) {
 *         Accepted accepted = ready.key().socket().accept();
 *     }
 * }
 * }</pre>
 *
 * <p>Readiness is level-triggered, as with {@code select(2)}: a socket with unread data is reported on
 * every {@code select} until it is read. The event loops push readiness changes to the selector; a
 * waiting {@code select} wakes at once, it does not poll.
 *
 * <p>Thread safety: all methods may be called from any thread; a {@code register} from another
 * thread wakes a waiting {@code select} so that it sees the new socket.
 */
public interface Selector extends Closeable {

    /**
     * Watches a socket ({@code register}).
     *
     * @param socket a socket of this selector's provider
     * @param events what to watch for, not empty
     * @param data an attachment returned with the key, or {@code null}
     * @return the new key
     * @throws IllegalArgumentException if the socket is registered already, or {@code events} is empty,
     *     or the socket is not of a provider this selector can watch
     * @throws SocketError EBADF if the socket or this selector is closed
     */
    SelectorKey register(Socket socket, Set<SelectorEvent> events, Object data) throws IOException;

    /**
     * Stops watching a socket ({@code unregister}); works on a closed socket too.
     *
     * @param socket a registered socket
     * @return its key
     * @throws java.util.NoSuchElementException if the socket is not registered
     */
    SelectorKey unregister(Socket socket);

    /**
     * Changes what a socket is watched for ({@code modify}).
     *
     * @param socket a registered socket
     * @param events the new events, not empty
     * @param data the new attachment, or {@code null}
     * @return the new key
     * @throws java.util.NoSuchElementException if the socket is not registered
     * @throws IllegalArgumentException if {@code events} is empty
     */
    SelectorKey modify(Socket socket, Set<SelectorEvent> events, Object data);

    /**
     * Waits until a registered socket is ready, or the timeout passes ({@code select}).
     *
     * @param timeout {@code null} to wait until one is ready; zero or negative to poll
     * @return the ready sockets with their ready events; empty if the timeout passed
     * @throws SocketError EBADF if this selector is closed
     * @throws java.io.InterruptedIOException if the waiting thread is interrupted
     */
    List<Selected> select(Duration timeout) throws IOException;

    /**
     * Makes a {@code select} that is waiting, or the next one, return at once (with what is ready, maybe
     * nothing), as {@link java.nio.channels.Selector#wakeup()} does. Python's selectors lack it; servers use
     * it to stop without waiting for their poll interval.
     */
    void wakeup();

    /**
     * The registrations ({@code get_map}).
     *
     * @return an unmodifiable snapshot, socket to key
     */
    Map<Socket, SelectorKey> getMap();

    /** Unregisters every socket and wakes a waiting {@code select}; idempotent. The sockets stay open. */
    @Override
    void close();
}
