package io.socketkit.server;

import io.socketkit.Accepted;
import io.socketkit.AddressFamily;
import io.socketkit.Datagram;
import io.socketkit.ShutdownHow;
import io.socketkit.Socket;
import io.socketkit.SocketOption;
import io.socketkit.TimeoutError;
import io.socketkit.spi.Metered;
import io.socketkit.spi.SocketProvider;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/**
 * Request handlers, as Python serves them: the server's own {@link Socket}, one request taken at a time
 * by the serving thread (accept or recvFrom), admitted by {@link ServerAdmission}, then run by the
 * {@link RequestRunner} under the {@link Concurrency} policy through the server's hooks
 * ({@code verifyRequest}, {@code processRequest}, {@code finishRequest}, {@code shutdownRequest}, ...),
 * whose default bodies are here.
 */
final class RequestEngine implements ServerEngine {
    private static final System.Logger LOG = System.getLogger(SocketServer.class.getName());

    private final SocketServer server;
    private final ServerConfig config;
    private final ServerAdmission admission;
    private final Socket socket;
    private final RequestRunner runner;
    private final GracefulStop stop;
    private final RequestErrors errorReports;
    /** Connections being served, and their clients' addresses. */
    private final Map<Socket, SocketAddress> inFlight = new ConcurrentHashMap<>();
    private volatile SocketAddress boundAddress;
    private volatile boolean closed;

    /**
     * The engine of one server: its runner and its socket (not bound yet).
     *
     * @throws UnsupportedOperationException if the concurrency policy cannot run on this JVM
     * @throws IOException if the socket cannot be made
     */
    RequestEngine(SocketServer server, SocketProvider provider, ServerAdmission admission, String name) throws IOException {
        this.server = server;
        this.config = server.config();
        this.admission = admission;
        this.runner = new RequestRunner(config.concurrency(), config.daemonThreads(), name,
                config.kind().isStream() ? Integer.MAX_VALUE : config.limits().maxDatagramsInFlight());
        this.stop = new GracefulStop(runner, () -> inFlight.keySet().forEach(server::closeRequest), config.shutdownGrace(),
                config.blockOnClose() && !config.daemonThreads());
        this.errorReports = new RequestErrors(LOG, stop::forced);
        this.socket = provider.socket(AddressFamily.of(config.address()), config.kind().type());
        if (!config.kind().isStream() && socket instanceof Metered) {
            // A datagram server's requests come in and go out through its own socket.
            ((Metered) socket).meterInto(admission);
        }
        this.boundAddress = config.address();
    }

    @Override
    public void bind() throws IOException {
        ServerEngine.removeStaleSocketFile(config);
        if (config.allowReuseAddress() && AddressFamily.of(config.address()) != AddressFamily.UNIX) {
            socket.setOption(SocketOption.SO_REUSEADDR, true);
        }
        if (config.allowReusePort()) {
            socket.setOption(SocketOption.SO_REUSEPORT, true);
        }
        socket.bind(config.address());
        boundAddress = socket.getSockName();
    }

    @Override
    public void activate() throws IOException {
        if (config.kind().isStream()) {
            socket.listen(config.requestQueueSize());
        }
        ServerEngine.applySocketFilePermissions(config);
    }

    @Override
    public Socket socket() {
        return socket;
    }

    @Override
    public SocketAddress address() {
        return boundAddress;
    }

    @Override
    public int fileno() {
        return socket.fileno();
    }

    @Override
    public ReadableWait newWait() {
        return new ReadableWait(socket);
    }

    @Override
    public void handleRequest() throws IOException {
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
            handleReady();
        } else {
            server.handleTimeout();
        }
    }

    /** Python's {@code _handle_request_noblock}: one request, the socket being readable. */
    @Override
    public void handleReady() throws IOException {
        Object request;
        SocketAddress client;
        try {
            if (config.kind().isStream()) {
                Accepted accepted = socket.accept();
                Socket connection = accepted.connection();
                client = accepted.address();
                if (!admission.admit(client, () -> connection.peerCredentials().uid())) {
                    closeQuietly(connection);
                    return;
                }
                request = connection;
                inFlight.put(connection, client);
                prepare(connection);
            } else {
                Datagram datagram = socket.recvFrom(config.maxPacketSize() + 1);
                byte[] data = datagram.data();
                if (data.length > config.maxPacketSize()) {
                    admission.truncated(datagram.address());
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
        if (!server.verifyRequest(request, client)) {
            admission.refusedByServer();
            server.shutdownRequest(request);
            return;
        }
        try {
            server.processRequest(request, client);
        } catch (Exception e) {
            failed(request, client, e);
            server.shutdownRequest(request);
        }
    }

    /** An admitted connection: counted, given the idle timeout as its timeout, and TCP_NODELAY if asked. */
    private void prepare(Socket connection) throws IOException {
        if (connection instanceof Metered) {
            ((Metered) connection).meterInto(admission);
        }
        if (admission.idleTimeout() != null) {
            connection.setTimeout(admission.idleTimeout());
        }
        if (config.disableNagle() && config.kind() == ServerKind.TCP) {
            connection.setOption(SocketOption.TCP_NODELAY, true);
        }
    }

    /** {@code processRequest}'s default: the request's whole life, under the concurrency policy. */
    void process(Object request, SocketAddress client) throws IOException {
        Runnable life = () -> live(request, client);
        if (request instanceof DatagramRequest) {
            // A datagram that finds every slot taken is dropped and counted: a flood must not make a
            // thread (or a queue entry) per datagram.
            if (!runner.offer(life)) {
                admission.dropped(client);
            }
            return;
        }
        boolean taken;
        try {
            taken = runner.run(life, () -> !closed && !server.shutdownAsked());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("waiting for a free request thread");
        }
        if (!taken) {
            LOG.log(System.Logger.Level.WARNING, "request from {0} not served: the server is shutting down"
                    + " and every pool thread was busy", client);
            server.shutdownRequest(request);
        }
    }

    /** TLS if asked, {@code finishRequest}, {@code handleError} if it threw, and {@code shutdownRequest}. */
    private void live(Object request, SocketAddress client) {
        try {
            if (config.ssl() != null && !handshake((Socket) request, client)) {
                return;
            }
            server.finishRequest(request, client);
        } catch (TimeoutError e) {
            if (admission.idleTimeout() != null && request instanceof Socket) {
                // The idle timeout the server set on the connection: a limit, not a handler's failure.
                admission.idleTimedOut("from " + client);
            } else {
                failed(request, client, e);
            }
        } catch (Exception e) {
            failed(request, client, e);
        } finally {
            server.shutdownRequest(request);
        }
    }

    /**
     * Serves TLS on a connection: the handshake within {@code handshakeTimeout}, then the idle timeout
     * (or none) back. A failed handshake is the client's fault, not the handler's: counted, and the request ends.
     */
    private boolean handshake(Socket connection, SocketAddress client) throws IOException {
        Duration after = connection.getTimeout();
        connection.setTimeout(config.limits().handshakeTimeout());
        try {
            config.ssl().wrapSocket(connection, true, null);
        } catch (IOException e) {
            admission.handshakeFailed(client, e, e instanceof TimeoutError);
            return false;
        }
        connection.setTimeout(after);
        return true;
    }

    private void failed(Object request, SocketAddress client, Exception e) {
        admission.failed(e);
        server.handleError(request, client, e);
    }

    /** {@code finishRequest}'s default: a handler made, bound, then setup, handle, finish. */
    void finish(Object request, SocketAddress client) throws Exception {
        RequestHandler handler = config.handler().get();
        handler.bind(request, client, server);
        handler.setup();
        try {
            handler.handle();
        } finally {
            handler.finish();
        }
    }

    /** {@code shutdownRequest}'s default: SHUT_WR for a connection (errors ignored), then {@code closeRequest}. */
    void shutdownRequest(Object request) {
        if (request instanceof Socket) {
            try {
                ((Socket) request).shutdown(ShutdownHow.SHUT_WR);
            } catch (IOException e) {
                // Python ignores this too: the client may have closed first.
            }
        }
        server.closeRequest(request);
    }

    /** {@code closeRequest}'s default: the connection forgotten, counted as closed, and closed. */
    void closeRequest(Object request) {
        if (request instanceof Socket) {
            SocketAddress client = inFlight.remove(request);
            if (client != null) {
                admission.closed(client);
            }
            closeQuietly((Socket) request);
        }
    }

    /** {@code handleError}'s default. */
    void report(SocketAddress client, Throwable error) {
        errorReports.report(client, error);
    }

    private static void closeQuietly(Socket connection) {
        try {
            connection.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a connection failed", e);
        }
    }

    @Override
    public void awaitLoopEnd(Condition loopEnded, BooleanSupplier ended) {
        // A serving thread waiting for pool room looks at the shutdown flag again.
        runner.wakeup();
        stop.awaitLoop(loopEnded, ended);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        runner.wakeup();
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
}
