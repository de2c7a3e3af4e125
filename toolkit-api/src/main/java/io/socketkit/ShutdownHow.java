package io.socketkit;

/** The {@code how} argument of {@link Socket#shutdown(ShutdownHow)}. */
public enum ShutdownHow {
    /** {@code SHUT_RD}: no more receiving; a blocked {@code recv} returns end of stream. */
    SHUT_RD,
    /** {@code SHUT_WR}: no more sending; the peer reads end of stream, this side can still receive. */
    SHUT_WR,
    /** {@code SHUT_RDWR}: both; on a listening socket it wakes a blocked {@code accept} with EINVAL. */
    SHUT_RDWR
}
