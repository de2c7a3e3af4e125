package io.socketkit.server;

import io.socketkit.Socket;
import io.socketkit.Sockets;
import io.socketkit.spi.SocketProvider;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
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
 * Construction binds and listens unless the config says not to; if either fails the socket is closed
 * and the error propagates. A constructor must not call methods a subclass overrides (the subclass is not
 * constructed yet), so a subclass that overrides {@link #serverBind} or {@link #serverActivate} uses
 * {@link ServerConfig#withBindAndActivate withBindAndActivate(false)} and calls {@link #activate()} once
 * constructed (Python's {@code bind_and_activate=False}, then {@code server_bind(); server_activate()}). {@link #serveForever} serves
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
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final ServerConfig config;
    private final ServerAdmission admission;
    private final ServerEngine engine;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final Condition loopEnded = lifecycle.newCondition();
    // Guarded by lifecycle.
    private Thread servingThread;
    private boolean isShutDown;
    private volatile boolean shutdownRequest;
    private volatile ReadableWait servingWait;

    /**
     * Makes the server: its socket, and unless {@code config.bindAndActivate()} is false, binds and listens
     * (this class's own {@code serverBind} and {@code serverActivate}, never a subclass's).
     *
     * @param config what to serve
     * @throws IllegalArgumentException if the config binds and activates on construction but this class
     *     overrides {@link #serverBind} or {@link #serverActivate} (use {@code withBindAndActivate(false)}
     *     and {@link #activate()})
     * @throws UnsupportedOperationException if the concurrency policy cannot run on this JVM, or the
     *     provider has no event-style servers for an event-style config
     * @throws io.socketkit.AddressInUseError if the address is taken (and reuse does not make it legal)
     * @throws IOException if the socket cannot be made, bound or activated
     */
    public SocketServer(ServerConfig config) throws IOException {
        this.config = Objects.requireNonNull(config, "config");
        if (config.bindAndActivate() && overridesBindOrActivate()) {
            throw new IllegalArgumentException(getClass().getName() + " overrides serverBind or serverActivate, which"
                    + " its constructor cannot call: configure withBindAndActivate(false) and call activate()");
        }
        SocketProvider provider = config.provider() != null ? config.provider() : Sockets.provider();
        String name = "socketserver-" + SERVERS.incrementAndGet();
        this.admission = new ServerAdmission(config, name);
        this.engine = config.isEventStyle() ? new EventEngine(config, provider, admission)
                : new RequestEngine(this, provider, admission, name);
        if (config.bindAndActivate()) {
            bindAndActivate(engine);
        }
    }

    private boolean overridesBindOrActivate() {
        try {
            return getClass().getMethod("serverBind").getDeclaringClass() != SocketServer.class
                    || getClass().getMethod("serverActivate").getDeclaringClass() != SocketServer.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("SocketServer's own public methods", e);
        }
    }

    /** The constructor's bind and listen: the engine's, with no hook a subclass could override. */
    private static void bindAndActivate(ServerEngine engine) throws IOException {
        try {
            engine.bind();
            engine.activate();
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /**
     * Binds and listens through the hooks, {@link #serverBind()} then {@link #serverActivate()}, for a
     * server made {@link ServerConfig#withBindAndActivate withBindAndActivate(false)}; if either fails
     * the server is closed and the error propagates.
     *
     * @throws IOException if binding or listening fails
     */
    public final void activate() throws IOException {
        try {
            serverBind();
            serverActivate();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
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
        return engine.socket();
    }

    /**
     * The address served ({@code self.server_address}), with the real port once bound.
     *
     * @return the address
     */
    public final SocketAddress address() {
        return engine.address();
    }

    /**
     * The socket's descriptor ({@code fileno()}); -1 where the transport has none, or after close.
     *
     * @return the descriptor
     */
    public final int fileno() {
        return engine.fileno();
    }

    /**
     * How many datagrams were longer than {@code maxPacketSize} and cut ({@code metrics().truncatedDatagrams()}).
     *
     * @return the count
     */
    public final long truncatedDatagrams() {
        return admission.accounting().truncatedDatagrams();
    }

    /**
     * What this server has done: connections accepted, refused and open, bytes, errors, limit hits.
     *
     * @return a live view, readable from any thread
     */
    public final ServerMetrics metrics() {
        return admission.accounting();
    }

    /** The admission path and counters, for this package's handlers to count limit hits in. */
    final ServerAdmission admission() {
        return admission;
    }

    /** Whether {@link #shutdown()} was asked and the loop has not ended yet. */
    final boolean shutdownAsked() {
        return shutdownRequest;
    }

    /**
     * Binds the socket ({@code server_bind}): SO_REUSEADDR and SO_REUSEPORT as allowed, then bind, then
     * notes the bound address. For an event-style server the provider's listeners bind and listen here.
     *
     * @throws IOException if binding fails
     */
    public void serverBind() throws IOException {
        engine.bind();
    }

    /**
     * Activates the socket ({@code server_activate}): listens with {@code requestQueueSize} for stream
     * kinds, nothing for datagram kinds; then gives a Unix socket file its permissions.
     *
     * @throws IOException if listening fails
     */
    public void serverActivate() throws IOException {
        engine.activate();
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
     * Python, a shutdown is seen at once too, not after up to {@code pollInterval}. An event-style server's
     * event loops serve its requests: its serving thread only runs {@link #serviceActions()}.
     *
     * @param pollInterval how often {@link #serviceActions()} runs when idle
     * @throws IllegalStateException if another thread is serving already
     * @throws java.io.InterruptedIOException if the serving thread is interrupted while it waits
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
        try (ReadableWait wait = engine.newWait()) {
            servingWait = wait;
            while (!shutdownRequest) {
                boolean ready = wait.await(pollInterval, () -> shutdownRequest);
                if (shutdownRequest) {
                    break;
                }
                if (ready) {
                    engine.handleReady();
                }
                serviceActions();
            }
        } finally {
            servingWait = null;
            loopDone();
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
            ReadableWait wait = servingWait;
            if (wait != null) {
                wait.wakeup();
            }
            engine.awaitLoopEnd(loopEnded, () -> isShutDown);
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Handles one request, waiting at most the smaller of the socket's timeout and {@code timeout}
     * ({@code handle_request}); when that passes, returns {@link #handleTimeout()}.
     *
     * @throws UnsupportedOperationException for an event-style server, whose event loops serve every request
     * @throws IOException if the server's socket fails
     */
    public final void handleRequest() throws IOException {
        engine.handleRequest();
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
     * @throws IllegalStateException for an event-style server, which has no requests
     * @throws Exception what a SERIAL {@code finishRequest} throws (handled by the caller as in Python)
     */
    protected void processRequest(Object request, SocketAddress clientAddress) throws Exception {
        requests().process(request, clientAddress);
    }

    /**
     * Makes the handler and runs it ({@code finish_request}): setup, handle, finish (finish even when
     * handle throws; neither when setup throws).
     *
     * @param request the request
     * @param clientAddress the client
     * @throws IllegalStateException for an event-style server, which has no requests
     * @throws Exception what the handler throws
     */
    protected void finishRequest(Object request, SocketAddress clientAddress) throws Exception {
        requests().finish(request, clientAddress);
    }

    /**
     * Ends a request ({@code shutdown_request}): for streams SHUT_WR (errors ignored, the client may be
     * gone) then {@link #closeRequest}; nothing for datagrams.
     *
     * @param request the request
     * @throws IllegalStateException for an event-style server, which has no requests
     */
    protected void shutdownRequest(Object request) {
        requests().shutdownRequest(request);
    }

    /**
     * Closes a request ({@code close_request}): the connection of a stream request; nothing for datagrams.
     *
     * @param request the request
     * @throws IllegalStateException for an event-style server, which has no requests
     */
    protected void closeRequest(Object request) {
        requests().closeRequest(request);
    }

    /**
     * Reports a request that failed ({@code handle_error}): logs "Exception occurred during processing
     * of request from ADDRESS" with the stack trace at ERROR, as Python does, but at most once a second
     * per exception class (the next line says how many were not logged). A peer's reset, broken pipe,
     * end of stream or timeout is normal traffic: a WARNING at most once a second per kind, each at
     * DEBUG; so is what a request fails with once the server's stop has ended it (past the
     * {@link ServerConfig#withShutdownGrace grace}), at DEBUG only. Every one is counted in {@link #metrics()}
     * ({@code errors()}) before this is called. The server keeps serving.
     *
     * @param request the request
     * @param clientAddress the client
     * @param error what was thrown
     * @throws IllegalStateException for an event-style server, which has no requests
     */
    protected void handleError(Object request, SocketAddress clientAddress, Throwable error) {
        requests().report(clientAddress, error);
    }

    /** Called when {@link #handleRequest()} times out ({@code handle_timeout}); nothing by default. */
    protected void handleTimeout() {
    }

    /** Called on every pass of {@link #serveForever} ({@code service_actions}); nothing by default. */
    protected void serviceActions() {
    }

    /** The request engine, whose defaults the request hooks run. */
    private RequestEngine requests() {
        if (engine instanceof RequestEngine) {
            return (RequestEngine) engine;
        }
        throw new IllegalStateException("an event-style server has no requests: its event loops serve each connection");
    }

    /**
     * Closes the server ({@code server_close}): the socket first (nothing more is accepted), then the
     * requests in flight. With {@code blockOnClose} (and non-daemon threads) it waits for them to finish,
     * at most the {@link ServerConfig#withShutdownGrace grace} when one is set; then, or at once without
     * {@code blockOnClose}, it closes their connections, interrupts their threads and waits at most 5
     * seconds for them to exit. An event-style server's listeners close, then its connections, once what
     * was written to them is flushed. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + config.kind() + " " + address() + ", " + config.concurrency() + "]";
    }
}
