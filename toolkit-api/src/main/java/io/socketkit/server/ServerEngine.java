package io.socketkit.server;

import io.socketkit.Socket;
import io.socketkit.internal.UnixSocketFile;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/**
 * What serves a {@link SocketServer}'s requests: one engine per handler style, chosen by the config.
 * {@link SocketServer} keeps the life cycle (who serves, shutdown, the hooks' names and order) and asks
 * its engine for the rest; neither engine knows of the other.
 */
sealed interface ServerEngine permits RequestEngine, EventEngine {

    /**
     * {@code serverBind}'s work.
     *
     * @throws IOException if binding fails
     */
    void bind() throws IOException;

    /**
     * {@code serverActivate}'s work.
     *
     * @throws IOException if listening fails
     */
    void activate() throws IOException;

    /** @return the server's socket, or null where the provider's listeners serve */
    Socket socket();

    /** @return the address served, the real port once bound */
    SocketAddress address();

    /** @return the listening descriptor, or -1 */
    int fileno();

    /** @return a wait for the next request, for one {@code serveForever} run */
    ReadableWait newWait();

    /**
     * Serves the request the wait found ready.
     *
     * @throws IOException if the server's socket fails
     */
    void handleReady() throws IOException;

    /**
     * {@code handleRequest}'s work.
     *
     * @throws IOException if the server's socket fails
     */
    void handleRequest() throws IOException;

    /**
     * For {@code shutdown()}, under the lock {@code loopEnded} belongs to: waits for the serving loop to end.
     *
     * @param loopEnded signalled when it ends
     * @param ended whether it has
     */
    void awaitLoopEnd(Condition loopEnded, BooleanSupplier ended);

    /** Closes the listener(s), then the requests or connections in flight; idempotent. */
    void close();

    /**
     * With {@code allowReuseAddress}, removes a socket file at the server's Unix path that no process
     * listens on any more (the same rule for both styles).
     *
     * @param config the server's configuration
     * @throws IOException if the file cannot be examined or removed
     */
    static void removeStaleSocketFile(ServerConfig config) throws IOException {
        Path path = unixPath(config);
        if (path != null && config.allowReuseAddress() && UnixSocketFile.removeIfStale(path)) {
            System.getLogger(SocketServer.class.getName()).log(System.Logger.Level.INFO,
                    "removed the stale socket file {0} (no process listened on it)", path);
        }
    }

    /**
     * Gives the server's socket file the permissions the config asks for, once the server listens.
     *
     * @param config the server's configuration
     * @throws IOException if they cannot be set
     */
    static void applySocketFilePermissions(ServerConfig config) throws IOException {
        Path path = unixPath(config);
        if (path != null && config.unixPermissions() != null) {
            Files.setPosixFilePermissions(path, config.unixPermissions());
        }
    }

    private static Path unixPath(ServerConfig config) {
        return config.address() instanceof UnixDomainSocketAddress ? ((UnixDomainSocketAddress) config.address()).getPath() : null;
    }
}
