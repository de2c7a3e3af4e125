package io.socketkit.netty.internal;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who is told that a socket's readiness may have changed (selectors). Thread-safe; {@link #fire()} runs
 * the listeners on the calling thread, which must hold no socket lock.
 */
final class ReadinessListeners {
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    void add(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void remove(Runnable listener) {
        listeners.remove(listener);
    }

    /** Whether anyone listens. */
    boolean any() {
        return !listeners.isEmpty();
    }

    /** Tells every listener. */
    void fire() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }
}
