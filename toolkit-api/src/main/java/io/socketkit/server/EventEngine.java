package io.socketkit.server;

import io.socketkit.Socket;
import io.socketkit.spi.SocketProvider;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/**
 * Event handlers: the provider's {@link EventServers} binds listeners on its event loops, which accept,
 * admit (through the server's {@link ServerAdmission}) and serve every connection; the serving thread only
 * runs {@code serviceActions} until shutdown.
 */
final class EventEngine implements ServerEngine {
    private final ServerConfig config;
    private final EventServers provider;
    private final ServerAdmission admission;
    private volatile EventServers.Running running;
    private volatile boolean closed;

    /**
     * The engine of one event-style server, not bound yet.
     *
     * @throws UnsupportedOperationException if the provider has no event-style servers
     */
    EventEngine(ServerConfig config, SocketProvider provider, ServerAdmission admission) {
        if (!(provider instanceof EventServers)) {
            throw new UnsupportedOperationException("provider " + provider.name() + " has no event-style servers");
        }
        this.config = config;
        this.provider = (EventServers) provider;
        this.admission = admission;
    }

    /** The provider's listeners bind and listen in one step. */
    @Override
    public void bind() throws IOException {
        ServerEngine.removeStaleSocketFile(config);
        running = provider.bind(config, admission);
        ServerEngine.applySocketFilePermissions(config);
    }

    /** Nothing: {@link #bind()} listens already. */
    @Override
    public void activate() {
    }

    @Override
    public Socket socket() {
        return null;
    }

    @Override
    public SocketAddress address() {
        EventServers.Running bound = running;
        return bound == null ? config.address() : bound.address();
    }

    @Override
    public int fileno() {
        EventServers.Running bound = running;
        return bound == null || closed ? -1 : bound.fileno();
    }

    /** The event loops serve; the serving thread's wait watches no socket. */
    @Override
    public ReadableWait newWait() {
        return ReadableWait.none();
    }

    /** Never called: the wait never reports a request. */
    @Override
    public void handleReady() {
    }

    @Override
    public void handleRequest() {
        throw new UnsupportedOperationException("an event-style server has no handleRequest: its event loops"
                + " serve every request; use serveForever, or request handlers");
    }

    /** No request runs on the serving thread, so nothing can hold its loop: waits for it to end. */
    @Override
    public void awaitLoopEnd(Condition loopEnded, BooleanSupplier ended) {
        while (!ended.getAsBoolean()) {
            loopEnded.awaitUninterruptibly();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        EventServers.Running bound = running;
        if (bound != null) {
            bound.close();
        }
    }
}
