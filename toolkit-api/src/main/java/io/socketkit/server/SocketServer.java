package io.socketkit.server;

import io.socketkit.AddressFamily;
import io.socketkit.Datagram;
import io.socketkit.ShutdownHow;
import io.socketkit.Socket;
import io.socketkit.SocketOption;
import io.socketkit.TimeoutError;
import io.socketkit.Sockets;
import io.socketkit.internal.GracefulStop;
import io.socketkit.internal.ReadableWait;
import io.socketkit.internal.RequestErrors;
import io.socketkit.internal.RequestRunner;
import io.socketkit.internal.ThrottledLog;
import io.socketkit.internal.UnixSocketFile;
import io.socketkit.spi.EventServers;
import io.socketkit.spi.Metered;
import io.socketkit.spi.ServerAccounting;
import io.socketkit.spi.SocketProvider;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Python's {@code socketserver} servers — TCPServer, UDPServer, UnixStreamServer, UnixDatagramServer
 * and their Threading mix-in — as one class, configured by a {@link ServerConfig}.
 *
 * <pre>{@code
 * try (SocketServer server = new SocketServer(ServerConfig.tcp(address, EchoHandler::new)
 *         .withConcurrency(Concurrency.THREADS))) {
 *     server.serveForever();
 * }
 * }</pre>
 *
 * <h2>Life cycle</h2>
 * Construction binds and listens ({@code serverBind}, {@code serverActivate}) unless the config says
 * not to; if either fails the socket is closed and the error propagates. {@link #serveForever} serves
 * until {@link #shutdown()} (from another thread), which returns once the loop has ended; the loop may
 * run again. {@link #close()} closes the socket and, per {@code blockOnClose}, waits for requests in
 * flight or closes them.
 *
 * <h2>Hooks</h2>
 * As in Python, subclass and override: {@link #verifyRequest}, {@link #processRequest},
 * {@link #finishRequest}, {@link #shutdownRequest}, {@link #closeRequest}, {@link #handleError},
 * {@link #handleTimeout}, {@link #serviceActions}, {@link #serverBind}, {@link #serverActivate}.
 * The request hooks apply to request handlers; an event-style server ({@link ServerConfig#events}) is
 * served by the provider's event loops, and only {@code serviceActions} runs on the serving thread.
 *
 * <h2>Threads</h2>
 * {@code serveForever} and {@code handleRequest} run on the caller's thread; handlers run where the
 * {@link Concurrency} puts them. {@code shutdown} and {@code close} may be called from any thread.
 */
public class SocketServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SocketServer.class.getName());
    /** The per-connection warning of {@link #peerAllowed}: a line a second at most, with the count. */
    private static final ThrottledLog PEER_WARNINGS = new ThrottledLog(LOG);
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final ServerConfig config;
    private final SocketProvider provider;
    private final Socket socket;
    private final EventServers eventServers;
    private volatile EventServers.Running events;
    private final RequestRunner runner;
    private final GracefulStop stop;
    /** Connections being served, and their clients' addresses. */
    private final Map<Socket, SocketAddress> inFlight = new ConcurrentHashMap<>();
    private final ServerAccounting accounting;
    private final RequestErrors errorReports;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final Condition loopEnded = lifecycle.newCondition();
    private final Condition shutdownAsked = lifecycle.newCondition();
    // Guarded by lifecycle.
    private Thread servingThread;
    private boolean isShutDown;
    private volatile boolean shutdownRequest;
    private volatile ReadableWait servingWait;
    private volatile SocketAddress boundAddress;
    private volatile boolean closed;

    /**
     * Makes the server: its socket, and unless {@code config.bindAndActivate()} is false, binds and listens.
     *
     * @param config what to serve
     * @throws UnsupportedOperationException if the concurrency policy cannot run on this JVM
     * @throws io.socketkit.AddressInUseError if the address is taken (and reuse does not make it legal)
     * @throws IOException if the socket cannot be made, bound or activated
     */
    public SocketServer(ServerConfig config) throws IOException {
        this.config = config;
        this.provider = config.provider() != null ? config.provider() : Sockets.provider();
        String name = "socketserver-" + SERVERS.incrementAndGet();
        this.runner = new RequestRunner(config.concurrency(), config.daemonThreads(), name,
                config.kind().isStream() ? Integer.MAX_VALUE : config.limits().maxDatagramsInFlight());
        this.stop = new GracefulStop(runner, () -> inFlight.keySet().forEach(this::closeRequest), config.shutdownGrace(),
                config.blockOnClose() && !config.daemonThreads());
        this.errorReports = new RequestErrors(LOG, stop::forced);
        this.accounting = new ServerAccounting(config.limits(), name + " " + config.kind() + " " + config.address());
        if (config.isEventStyle()) {
            if (!(provider instanceof EventServers)) {
                throw new UnsupportedOperationException("provider " + provider.name() + " has no event-style servers");
            }
            this.eventServers = (EventServers) provider;
            this.socket = null;
        } else {
            this.eventServers = null;
            this.socket = provider.socket(AddressFamily.of(config.address()), config.kind().type());
            if (!config.kind().isStream() && socket instanceof Metered) {
                // A datagram server's requests come in and go out through its own socket.
                ((Metered) socket).meterInto(accounting);
            }
        }
        this.boundAddress = config.address();
        if (config.bindAndActivate()) {
            try {
                serverBind();
                serverActivate();
            } catch (IOException | RuntimeException e) {
                closeSocket(e);
                throw e;
            }
        }
    }

    private void closeSocket(Exception primary) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    /**
     * The configuration.
     *
     * @return the config this server was made from
     */
    public final ServerConfig config() {
        return config;
    }

    /**
     * The server's socket ({@code self.socket}).
     *
     * @return the socket; {@code null} for an event-style server, whose listeners are the provider's
     */
    public final Socket socket() {
        return socket;
    }

    /**
     * The address served ({@code self.server_address}), with the real port once bound.
     *
     * @return the address
     */
    public final SocketAddress address() {
        return boundAddress;
    }

    /**
     * The socket's descriptor ({@code fileno()}); -1 where the transport has none, or after close.
     *
     * @return the descriptor
     */
    public final int fileno() {
        if (socket != null) {
            return socket.fileno();
        }
        EventServers.Running running = events;
        return running == null || closed ? -1 : running.fileno();
    }

    /**
     * How many datagrams were longer than {@code maxPacketSize} and cut ({@code metrics().truncatedDatagrams()}).
     *
     * @return the count
     */
    public final long truncatedDatagrams() {
        return accounting.truncatedDatagrams();
    }

    /**
     * What this server has done: connections accepted, refused and open, bytes, errors, limit hits.
     *
     * @return a live view, readable from any thread
     */
    public final ServerMetrics metrics() {
        return accounting;
    }

    /** The counters, for this package's handlers to count limit hits in. */
    final ServerAccounting accounting() {
        return accounting;
    }

    /**
     * Binds the socket ({@code server_bind}): SO_REUSEADDR and SO_REUSEPORT as allowed, then bind, then
     * notes the bound address.
     *
     * @throws IOException if binding fails
     */
    public void serverBind() throws IOException {
        Path unixPath = unixPath();
        if (unixPath != null && config.allowReuseAddress() && UnixSocketFile.removeIfStale(unixPath)) {
            LOG.log(System.Logger.Level.INFO, "removed the stale socket file {0} (no process listened on it)", unixPath);
        }
        if (eventServers != null) {
            // The provider's listeners bind and listen in one step.
            events = eventServers.bind(config, accounting);
            boundAddress = events.address();
            setUnixPermissions(unixPath);
            return;
        }
        if (config.allowReuseAddress() && AddressFamily.of(config.address()) != AddressFamily.UNIX) {
            socket.setOption(SocketOption.SO_REUSEADDR, true);
        }
        if (config.allowReusePort()) {
            socket.setOption(SocketOption.SO_REUSEPORT, true);
        }
        socket.bind(config.address());
        boundAddress = socket.getSockName();
    }

    private void setUnixPermissions(Path unixPath) throws IOException {
        if (unixPath != null && config.unixPermissions() != null) {
            java.nio.file.Files.setPosixFilePermissions(unixPath, config.unixPermissions());
        }
    }

    private Path unixPath() {
        return config.address() instanceof UnixDomainSocketAddress ? ((UnixDomainSocketAddress) config.address()).getPath() : null;
    }

    /**
     * Activates the socket ({@code server_activate}): listens with {@code requestQueueSize} for stream
     * kinds, nothing for datagram kinds.
     *
     * @throws IOException if listening fails
     */
    public void serverActivate() throws IOException {
        if (socket != null && config.kind().isStream()) {
            socket.listen(config.requestQueueSize());
        }
        if (socket != null) {
            setUnixPermissions(unixPath());
        }
    }

    /**
     * {@code serveForever(Duration.ofMillis(500))}.
     *
     * @throws IOException as {@link #serveForever(Duration)}
     */
    public final void serveForever() throws IOException {
        serveForever(Duration.ofMillis(500));
    }

    /**
     * Handles requests until {@link #shutdown()} ({@code serve_forever(poll_interval)}). The serving
     * thread sleeps until a request arrives, which wakes it at once, or the poll interval passes; unlike
     * Python, a shutdown is seen at once too, not after up to {@code pollInterval}.
     *
     * @param pollInterval how often {@link #serviceActions()} runs when idle
     * @throws IllegalStateException if another thread is serving already
     * @throws IOException if the server's socket fails (a failing request does not stop the loop)
     */
    public final void serveForever(Duration pollInterval) throws IOException {
        lifecycle.lock();
        try {
            if (servingThread != null) {
                throw new IllegalStateException("serveForever is running already on " + servingThread.getName());
            }
            servingThread = Thread.currentThread();
            isShutDown = false;
        } finally {
            lifecycle.unlock();
        }
        if (eventServers != null) {
            try {
                serveEvents(pollInterval);
            } finally {
                loopDone();
            }
            return;
        }
        try (ReadableWait wait = new ReadableWait(socket)) {
            servingWait = wait;
            while (!shutdownRequest) {
                boolean ready = wait.await(pollInterval, () -> shutdownRequest);
                if (shutdownRequest) {
                    break;
                }
                if (ready) {
                    handleRequestNoBlock();
                }
                serviceActions();
            }
        } finally {
            servingWait = null;
            loopDone();
        }
    }

    /** The event loops serve; this thread only runs serviceActions until shutdown. */
    private void serveEvents(Duration pollInterval) {
        lifecycle.lock();
        try {
            while (!shutdownRequest) {
                lifecycle.unlock();
                try {
                    serviceActions();
                } finally {
                    lifecycle.lock();
                }
                if (!shutdownRequest) {
                    shutdownAsked.awaitNanos(pollInterval.toNanos());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lifecycle.unlock();
        }
    }

    private void loopDone() {
        lifecycle.lock();
        try {
            shutdownRequest = false;
            servingThread = null;
            isShutDown = true;
            loopEnded.signalAll();
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Stops {@link #serveForever} and waits until it has returned ({@code shutdown}). Called before
     * {@code serveForever} starts, it waits for it to start (and return at once), as in Python. It does
     * not close the socket. A {@link Concurrency#SERIAL} server serves on the serving thread, so its
     * loop ends only when the request in flight does: with a {@link ServerConfig#withShutdownGrace grace},
     * past it that request's connection is closed and the serving thread interrupted.
     *
     * @throws IllegalStateException if called on the thread running {@code serveForever}, where Python
     *     deadlocks
     */
    public final void shutdown() {
        lifecycle.lock();
        try {
            if (servingThread == Thread.currentThread()) {
                throw new IllegalStateException("shutdown() called on the thread running serveForever() would wait"
                        + " for itself: call it from another thread");
            }
            shutdownRequest = true;
            shutdownAsked.signalAll();
            ReadableWait wait = servingWait;
            if (wait != null) {
                wait.wakeup();
            }
            stop.awaitLoop(loopEnded, () -> isShutDown);
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Handles one request, waiting at most the smaller of the socket's timeout and {@code timeout}
     * ({@code handle_request}); when that passes, returns {@link #handleTimeout()}.
     *
     * @throws IOException if the server's socket fails
     */
    public final void handleRequest() throws IOException {
        if (eventServers != null) {
            throw new UnsupportedOperationException("an event-style server has no handleRequest: its event loops"
                    + " serve every request; use serveForever, or request handlers");
        }
        Duration timeout = socket.getTimeout();
        if (timeout == null) {
            timeout = config.timeout();
        } else if (config.timeout() != null && config.timeout().compareTo(timeout) < 0) {
            timeout = config.timeout();
        }
        boolean ready;
        try (ReadableWait wait = new ReadableWait(socket)) {
            ready = wait.await(timeout, () -> false);
        }
        if (ready) {
            handleRequestNoBlock();
        } else {
            handleTimeout();
        }
    }

    /** Python's {@code _handle_request_noblock}: one request, the socket being readable. */
    private void handleRequestNoBlock() throws IOException {
        Object request;
        SocketAddress client;
        try {
            if (config.kind().isStream()) {
                io.socketkit.Accepted accepted = socket.accept();
                Socket connection = accepted.connection();
                client = accepted.address();
                if (!peerAllowed(connection) || !accounting.admit(client)) {
                    closeQuietly(connection);
                    return;
                }
                request = connection;
                inFlight.put(connection, client);
                if (connection instanceof Metered) {
                    ((Metered) connection).meterInto(accounting);
                }
                if (config.limits().idleTimeout() != null) {
                    connection.setTimeout(config.limits().idleTimeout());
                }
                if (config.disableNagle() && config.kind() == ServerKind.TCP) {
                    connection.setOption(SocketOption.TCP_NODELAY, true);
                }
            } else {
                Datagram datagram = socket.recvFrom(config.maxPacketSize() + 1);
                byte[] data = datagram.data();
                if (data.length > config.maxPacketSize()) {
                    accounting.truncated();
                    LOG.log(System.Logger.Level.DEBUG, "datagram from {0} cut to maxPacketSize {1}",
                            datagram.address(), config.maxPacketSize());
                    data = Arrays.copyOf(data, config.maxPacketSize());
                }
                request = new DatagramRequest(data, socket);
                client = datagram.address();
            }
        } catch (IOException e) {
            if (closed) {
                throw e;
            }
            // As Python's get_request: a failed accept (a client gone before we got to it) is skipped.
            return;
        }
        if (!verifyRequest(request, client)) {
            accounting.refusedByServer();
            shutdownRequest(request);
            return;
        }
        try {
            processRequest(request, client);
        } catch (Exception e) {
            failed(request, client, e);
            shutdownRequest(request);
        }
    }

    /**
     * Whether to serve a request ({@code verify_request}); true by default. A refused request is shut down.
     *
     * @param request the request
     * @param clientAddress the client
     * @return true to serve it
     */
    protected boolean verifyRequest(Object request, SocketAddress clientAddress) {
        return true;
    }

    /**
     * Serves a request under the concurrency policy ({@code process_request}): on this thread for SERIAL,
     * else on a request thread; either way {@link #finishRequest}, {@link #handleError} if it throws,
     * then {@link #shutdownRequest}. A datagram that finds {@link ServerLimits#maxDatagramsInFlight()}
     * requests in flight (or a pool full) is dropped, counted and logged instead of waiting.
     *
     * @param request the request
     * @param clientAddress the client
     * @throws Exception what a SERIAL {@code finishRequest} throws (handled by the caller as in Python)
     */
    protected void processRequest(Object request, SocketAddress clientAddress) throws Exception {
        Runnable life = () -> {
            try {
                if (config.ssl() != null && !handshake((Socket) request, clientAddress)) {
                    return;
                }
                finishRequest(request, clientAddress);
            } catch (TimeoutError e) {
                if (config.limits().idleTimeout() != null && request instanceof Socket) {
                    // The idle timeout the server set on the connection: a limit, not a handler's failure.
                    accounting.limitHit(ServerMetrics.Limit.IDLE_TIMEOUT, "connection from " + clientAddress
                            + " idle for " + config.limits().idleTimeout() + ", closed");
                } else {
                    failed(request, clientAddress, e);
                }
            } catch (Exception e) {
                failed(request, clientAddress, e);
            } finally {
                shutdownRequest(request);
            }
        };
        if (request instanceof DatagramRequest) {
            // A datagram that finds every slot taken is dropped and counted: a flood must not make a
            // thread (or a queue entry) per datagram.
            if (!runner.offer(life)) {
                accounting.dropped();
                accounting.limitHit(ServerMetrics.Limit.DATAGRAMS_IN_FLIGHT, "datagram from " + clientAddress
                        + " dropped: " + config.limits().maxDatagramsInFlight() + " (or the pool's threads and queue) in flight");
            }
            return;
        }
        boolean taken;
        try {
            taken = runner.run(life, () -> !shutdownRequest && !closed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("waiting for a free request thread");
        }
        if (!taken) {
            LOG.log(System.Logger.Level.WARNING, "request from {0} not served: the server is shutting down"
                    + " and every pool thread was busy", clientAddress);
            shutdownRequest(request);
        }
    }

    /**
     * Serves TLS on a connection: the handshake within {@code handshakeTimeout}, then the idle timeout
     * (or none) back. A failed handshake is the client's fault, not the handler's: counted, logged at
     * debug, and the request ends.
     */
    private boolean handshake(Socket connection, SocketAddress clientAddress) throws IOException {
        Duration after = connection.getTimeout();
        connection.setTimeout(config.limits().handshakeTimeout());
        try {
            config.ssl().wrapSocket(connection, true, null);
        } catch (TimeoutError e) {
            accounting.limitHit(ServerMetrics.Limit.HANDSHAKE_TIMEOUT, "TLS handshake with " + clientAddress
                    + " took longer than " + config.limits().handshakeTimeout() + "; closed");
            return false;
        } catch (IOException e) {
            accounting.error(e);
            LOG.log(System.Logger.Level.DEBUG, "TLS handshake with " + clientAddress + " failed", e);
            return false;
        }
        connection.setTimeout(after);
        return true;
    }

    /** Whether a Unix peer runs as an allowed user ({@code allowedPeerUids}); counts a refusal. */
    private boolean peerAllowed(Socket connection) {
        if (config.allowedPeerUids() == null) {
            return true;
        }
        int uid;
        try {
            uid = connection.peerCredentials().uid();
        } catch (IOException e) {
            // EOPNOTSUPP on a transport that cannot tell (NIO): no one is let in unchecked.
            accounting.error(e);
            PEER_WARNINGS.log("uid", System.Logger.Level.WARNING, "cannot check the peer's uid (" + e.getMessage()
                    + "); connection refused", null);
            accounting.refusePeer(-1);
            return false;
        }
        if (config.allowedPeerUids().contains(uid)) {
            return true;
        }
        accounting.refusePeer(uid);
        return false;
    }

    private void failed(Object request, SocketAddress clientAddress, Exception e) {
        accounting.error(e);
        handleError(request, clientAddress, e);
    }

    private static void closeQuietly(Socket connection) {
        try {
            connection.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a refused connection failed", e);
        }
    }

    /**
     * Makes the handler and runs it ({@code finish_request}): setup, handle, finish (finish even when
     * handle throws; neither when setup throws).
     *
     * @param request the request
     * @param clientAddress the client
     * @throws Exception what the handler throws
     */
    protected void finishRequest(Object request, SocketAddress clientAddress) throws Exception {
        RequestHandler handler = config.handler().get();
        handler.bind(request, clientAddress, this);
        handler.setup();
        try {
            handler.handle();
        } finally {
            handler.finish();
        }
    }

    /**
     * Ends a request ({@code shutdown_request}): for streams SHUT_WR (errors ignored, the client may be
     * gone) then {@link #closeRequest}; nothing for datagrams.
     *
     * @param request the request
     */
    protected void shutdownRequest(Object request) {
        if (request instanceof Socket) {
            try {
                ((Socket) request).shutdown(ShutdownHow.SHUT_WR);
            } catch (IOException e) {
                // Python ignores this too: the client may have closed first.
            }
        }
        closeRequest(request);
    }

    /**
     * Closes a request ({@code close_request}): the connection of a stream request; nothing for datagrams.
     *
     * @param request the request
     */
    protected void closeRequest(Object request) {
        if (request instanceof Socket) {
            SocketAddress client = inFlight.remove(request);
            if (client != null) {
                accounting.closed(client);
            }
            try {
                ((Socket) request).close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a request failed", e);
            }
        }
    }

    /**
     * Reports a request that failed ({@code handle_error}): logs "Exception occurred during processing
     * of request from ADDRESS" with the stack trace at ERROR, as Python does, but at most once a second
     * per exception class (the next line says how many were not logged). A peer's reset, broken pipe,
     * end of stream or timeout is normal traffic: a WARNING at most once a second per kind, each at
     * DEBUG; so is what a request fails with once the server's stop has ended it (past the
     * {@link ServerConfig#withShutdownGrace grace}), at DEBUG only. Every one is counted in {@link #metrics()} ({@code errors()}) before this is called. The
     * server keeps serving.
     *
     * @param request the request
     * @param clientAddress the client
     * @param error what was thrown
     */
    protected void handleError(Object request, SocketAddress clientAddress, Throwable error) {
        errorReports.report(clientAddress, error);
    }

    /** Called when {@link #handleRequest()} times out ({@code handle_timeout}); nothing by default. */
    protected void handleTimeout() {
    }

    /** Called on every pass of {@link #serveForever} ({@code service_actions}); nothing by default. */
    protected void serviceActions() {
    }

    /**
     * Closes the server ({@code server_close}): the socket first (nothing more is accepted), then the
     * requests in flight. With {@code blockOnClose} (and non-daemon threads) it waits for them to finish,
     * at most the {@link ServerConfig#withShutdownGrace grace} when one is set; then, or at once without
     * {@code blockOnClose}, it closes their connections, interrupts their threads and waits at most 5
     * seconds for them to exit. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (events != null) {
            events.close();
        }
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the server socket failed", e);
        }
        try {
            stop.closeRequests();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + config.kind() + " " + boundAddress + ", " + config.concurrency() + "]";
    }
}
