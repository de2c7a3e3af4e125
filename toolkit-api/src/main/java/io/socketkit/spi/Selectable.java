package io.socketkit.spi;

import io.socketkit.SelectorEvent;
import java.util.Set;

/**
 * What a provider's sockets offer so that a {@link io.socketkit.Selector} can watch them without
 * polling: their readiness now, and a call back when it may have changed.
 */
public interface Selectable {

    /**
     * The events ready now: READ when a {@code recv} or {@code accept} would not block (data, end of
     * stream, an error, a waiting connection); WRITE when a {@code send} would not block, or a
     * non-blocking connect has ended. A closed socket is ready for both (the call then fails at once).
     *
     * @return a new set; empty when nothing is ready
     */
    Set<SelectorEvent> readiness();

    /**
     * Adds a listener called, on any thread (an event loop among them), whenever the readiness may
     * have changed. It must be quick and must not block.
     *
     * @param listener the listener
     */
    void addReadinessListener(Runnable listener);

    /**
     * Removes a listener added before; nothing happens if it was not added.
     *
     * @param listener the listener
     */
    void removeReadinessListener(Runnable listener);
}
