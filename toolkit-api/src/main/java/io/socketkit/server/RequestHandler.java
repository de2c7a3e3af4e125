package io.socketkit.server;

import java.net.SocketAddress;

/**
 * Python's {@code BaseRequestHandler}: one instance per request, made by the server's handler factory
 * (a constructor reference: {@code EchoHandler::new}), then {@link #setup()}, {@link #handle()} and
 * {@link #finish()} in turn. {@code finish} runs even when {@code handle} throws; when {@code setup}
 * throws, neither runs. What they throw goes to {@link SocketServer#handleError}.
 *
 * <p>A handler runs on the thread its server's {@link Concurrency} gives it and is used by that thread
 * only.
 */
public abstract class RequestHandler {
    private Object request;
    private SocketAddress clientAddress;
    private SocketServer server;

    /** For subclasses; the server sets the request before {@link #setup()}. */
    protected RequestHandler() {
    }

    final void bind(Object request, SocketAddress clientAddress, SocketServer server) {
        this.request = request;
        this.clientAddress = clientAddress;
        this.server = server;
    }

    /**
     * The request ({@code self.request}): the connected {@link io.socketkit.Socket} of a stream server,
     * a {@link DatagramRequest} of a datagram server.
     *
     * @return the request
     */
    public final Object request() {
        return request;
    }

    /**
     * The client's address ({@code self.client_address}); {@code null} for an unbound Unix datagram sender.
     *
     * @return the address
     */
    public final SocketAddress clientAddress() {
        return clientAddress;
    }

    /**
     * The server ({@code self.server}).
     *
     * @return the server handling this request
     */
    public final SocketServer server() {
        return server;
    }

    /**
     * Prepares the request; nothing by default.
     *
     * @throws Exception anything: the request then ends, {@code handleError} reports it
     */
    protected void setup() throws Exception {
    }

    /**
     * Serves the request; nothing by default.
     *
     * @throws Exception anything: {@code finish} still runs, then {@code handleError} reports it
     */
    protected void handle() throws Exception {
    }

    /**
     * Cleans up after the request; nothing by default. Runs even when {@code handle} threw.
     *
     * @throws Exception anything: {@code handleError} reports it
     */
    protected void finish() throws Exception {
    }
}
