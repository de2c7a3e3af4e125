package io.socketkit;

import java.util.Objects;
import java.util.Set;

/**
 * A socket's registration with a {@link Selector} (Python's {@code SelectorKey}).
 *
 * @param socket the socket
 * @param events what it is watched for, never empty; an unmodifiable set
 * @param data the caller's attachment, or {@code null}
 */
public record SelectorKey(Socket socket, Set<SelectorEvent> events, Object data) {
    /**
     * Checks and copies the components.
     *
     * @param socket the socket watched
     * @param events what it is watched for
     * @param data the caller's attachment, or {@code null}
     * @throws NullPointerException if {@code socket} or {@code events} is null
     * @throws IllegalArgumentException if {@code events} is empty
     */
    public SelectorKey {
        Objects.requireNonNull(socket, "socket");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("events is empty");
        }
        events = Set.copyOf(events);
    }
}
