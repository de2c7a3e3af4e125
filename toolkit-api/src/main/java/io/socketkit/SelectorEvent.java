package io.socketkit;

/** What a {@link Selector} waits for: Python's {@code EVENT_READ} and {@code EVENT_WRITE}. */
public enum SelectorEvent {
    /**
     * Something to receive: data, end of stream or an error; on a listening socket, a connection to
     * accept (Python has no separate ACCEPT event either).
     */
    READ,
    /** Room to send; for a non-blocking {@code connect}, the connect has finished (or failed). */
    WRITE
}
