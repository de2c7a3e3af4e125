package io.socketkit.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Unix socket files: telling a stale one from a live one. */
public final class UnixFiles {
    private UnixFiles() {
    }

    /**
     * Removes a socket file no process listens on any more (a server that died without removing it).
     * Leaves alone a socket someone accepts on (or whose backlog is full), and anything that is not a
     * socket: a regular file, a directory, a link.
     *
     * @param path the path
     * @return whether a stale socket file was removed
     * @throws IOException if the file cannot be examined or removed
     */
    public static boolean removeIfStale(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (!attributes.isOther()) {
            return false;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // Non-blocking: a live server with a full backlog must not hang the probe.
            probe.configureBlocking(false);
            probe.connect(UnixDomainSocketAddress.of(path));
            return false;
        } catch (ConnectException refused) {
            Files.deleteIfExists(path);
            return true;
        }
    }
}
