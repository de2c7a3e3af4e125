package io.socketkit;

/**
 * The credentials of the process at the other end of a Unix stream socket ({@code SO_PEERCRED}).
 *
 * @param pid the peer's process id, or {@code -1} where the transport cannot tell it
 * @param uid the peer's user id
 * @param gid the peer's primary group id
 */
public record PeerCredentials(long pid, int uid, int gid) {
}
