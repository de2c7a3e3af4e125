package io.socketkit;

import java.util.Objects;
import java.util.Set;

/**
 * One entry of {@link Selector#select}'s answer: Python's {@code (key, events)} pair.
 *
 * @param key the registration
 * @param events which of the registered events are ready, never empty; an unmodifiable set
 */
public record Selected(SelectorKey key, Set<SelectorEvent> events) {
    /**
     * Checks and copies the components.
     *
     * @param key the registration
     * @param events the ready events
     * @throws NullPointerException if either is null
     */
    public Selected {
        Objects.requireNonNull(key, "key");
        events = Set.copyOf(events);
    }
}
