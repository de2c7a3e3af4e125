package io.socketkit;

/**
 * Python's socket types. A provider supports the pairs of {@link AddressFamily} and type its
 * transport has; the others fail at creation with {@link Errno#ESOCKTNOSUPPORT} or
 * {@link Errno#EPROTONOSUPPORT}, as on Linux.
 */
public enum SocketType {
    /** {@code SOCK_STREAM}: TCP, or a Unix stream socket. */
    STREAM,
    /** {@code SOCK_DGRAM}: UDP, or a Unix datagram socket. */
    DGRAM,
    /** {@code SOCK_SEQPACKET}: reliable, message-oriented (Unix only on Linux). */
    SEQPACKET,
    /** {@code SOCK_RAW}: raw protocol access (needs privilege). */
    RAW,
    /** {@code SOCK_RDM}: reliably delivered messages (not supported on Linux for these families). */
    RDM
}
