package io.socketkit.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The file a Unix socket's bind made, and the one rule for removing a socket file: only while the path
 * still names that very file (same device and inode, still a socket). Someone may have removed it and put
 * a regular file or another server's socket there since; those are left alone.
 *
 * <p>The identity is read at bind, while the socket holds the inode, so no other file can have it then.
 * POSIX has no atomic "unlink if this inode": a file put at the path between the last look and the
 * unlink (renamed over it, or given the inode number the closed socket just freed) could still be
 * removed, as with any server that cleans up after itself.
 */
public final class UnixSocketFile {
    /** The file-type bits of {@code st_mode}, and the type of a socket (sys/stat.h). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final System.Logger LOG = System.getLogger(UnixSocketFile.class.getName());
    private final Path path;
    private final Object identity;

    private UnixSocketFile(Path path, Object identity) {
        this.path = path;
        this.identity = identity;
    }

    /**
     * The socket file a bind to {@code address} just made, to be removed later with {@link #removeIfOwn()}.
     *
     * @param address the bound address
     * @return the file, or null for an address without one (not a Unix path, unnamed, abstract) or when
     *     the path no longer names a socket
     */
    public static UnixSocketFile boundAt(SocketAddress address) {
        if (!(address instanceof UnixDomainSocketAddress)) {
            return null;
        }
        Path path = ((UnixDomainSocketAddress) address).getPath();
        if (path.toString().isEmpty()) {
            return null;
        }
        Object identity = socketIdentity(path);
        return identity == null ? null : new UnixSocketFile(path, identity);
    }

    /**
     * Removes the file if the path still names it; leaves whatever else is there.
     *
     * @return whether the file was removed
     */
    public boolean removeIfOwn() {
        if (!identity.equals(socketIdentity(path))) {
            return false;
        }
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            // Not ours to insist on (a directory we may not write, say): leaving it is what Python does.
            return false;
        }
    }

    /**
     * Runs {@code close}, which closes a listening channel that unlinks its path as it closes, as each of
     * Netty's Unix server channels does whatever the path names by then. A file put at the path in place of
     * this one survives: it gets a second name in the same directory first and its path back after (for
     * that moment the path is empty; without this the file would be gone for good).
     *
     * @param file the listener's socket file, or null if it has none
     * @param close closes the listener and returns when it is closed
     */
    public static void closeKeepingOthers(UnixSocketFile file, Runnable close) {
        Path kept = file == null ? null : file.keepOther();
        try {
            close.run();
        } finally {
            if (kept != null) {
                file.putBack(kept);
            }
        }
    }

    /** A second name for whatever is at the path if it is not this file, or null. */
    private Path keepOther() {
        if (identity.equals(socketIdentity(path)) || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Path kept = path.resolveSibling("." + path.getFileName() + ".kept-" + Long.toHexString(System.nanoTime()));
        try {
            return Files.createLink(kept, path);
        } catch (IOException | UnsupportedOperationException noLink) {
            // A directory, or a file the system will not link for us: move it aside instead.
            try {
                return Files.move(path, kept, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot keep {0}, which replaced a socket file, from being removed: {1}",
                        path, e.toString());
                return null;
            }
        }
    }

    /** Gives the kept file its path back, never over something that took the path meanwhile. */
    private void putBack(Path kept) {
        try {
            try {
                Files.createLink(path, kept);
            } catch (FileAlreadyExistsException taken) {
                if (!Files.isSameFile(path, kept)) {
                    throw taken;
                }
            } catch (UnsupportedOperationException | IOException noLink) {
                // Moved aside (a directory): move it back, if the path is still free.
                Files.move(kept, path);
                return;
            }
            Files.delete(kept);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "{0} replaced a socket file and could not be put back; it is at {1}: {2}",
                    path, kept, e.toString());
        }
    }

    /**
     * Removes a socket file no process listens on any more (a server that died without removing it).
     * Leaves alone a socket someone accepts on (or whose backlog is full), and anything that is not a
     * socket: a regular file, a directory, a link.
     *
     * @param path the path
     * @return whether a stale socket file was removed
     * @throws IOException if the file cannot be removed
     */
    public static boolean removeIfStale(Path path) throws IOException {
        Object identity = socketIdentity(path);
        if (identity == null) {
            return false;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // Non-blocking: a live server with a full backlog must not hang the probe.
            probe.configureBlocking(false);
            probe.connect(UnixDomainSocketAddress.of(path));
            return false;
        } catch (ConnectException refused) {
            // Refused by the file looked at, not by one a new server bound since.
            return identity.equals(socketIdentity(path)) && Files.deleteIfExists(path);
        }
    }

    /** Device and inode of the socket at {@code path}, or null if nothing, or something else, is there. */
    private static Object socketIdentity(Path path) {
        try {
            Map<String, Object> unix = Files.readAttributes(path, "unix:mode,dev,ino", LinkOption.NOFOLLOW_LINKS);
            boolean socket = ((Integer) unix.get("mode") & S_IFMT) == S_IFSOCK;
            return socket ? List.of(unix.get("dev"), unix.get("ino")) : null;
        } catch (UnsupportedOperationException noUnixView) {
            return basicIdentity(path);
        } catch (IOException e) {
            // Gone, or not ours to look at: either way not a file this socket can call its own.
            return null;
        }
    }

    /** Where the JDK has no "unix" view: a non-regular file (sockets are), by its key or else its path. */
    private static Object basicIdentity(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isOther() ? Objects.requireNonNullElse(attributes.fileKey(), path) : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
