package io.socketkit.server;

import io.socketkit.Socket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/**
 * Python's {@code DatagramRequestHandler}: the datagram as {@link #rfile}, the reply collected in
 * {@link #wfile} and sent back to the client after {@link #handle()} (always, even empty, as in
 * Python; not to an unbound Unix sender, who has no address).
 */
public abstract class DatagramRequestHandler extends RequestHandler {
    /** The datagram ({@code self.packet}). */
    protected byte[] packet;
    /** The server's socket ({@code self.socket}). */
    protected Socket socket;
    /** The datagram to read ({@code self.rfile}). */
    protected ByteArrayInputStream rfile;
    /** The reply ({@code self.wfile}). */
    protected ByteArrayOutputStream wfile;

    /** For subclasses. */
    protected DatagramRequestHandler() {
    }

    @Override
    protected void setup() throws Exception {
        DatagramRequest request = (DatagramRequest) request();
        packet = request.data();
        socket = request.socket();
        rfile = new ByteArrayInputStream(packet);
        wfile = new ByteArrayOutputStream();
    }

    @Override
    protected void finish() throws Exception {
        if (clientAddress() != null) {
            socket.sendTo(wfile.toByteArray(), clientAddress());
        }
    }
}
