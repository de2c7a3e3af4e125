package io.socketkit.server;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketOption;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Python's {@code StreamRequestHandler}: the connection as buffered files.
 *
 * <pre>{@code
 * final class EchoHandler extends StreamRequestHandler {
 *     protected void handle() throws IOException {
 *         for (byte[] line = readLine(); line.length > 0; line = readLine()) {
 *             wfile.write(line);
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Set the protected settings in the constructor: {@link #timeout} (applied to the connection, so a
 * hung client ends with a timeout error in {@code handleError}), {@link #rbufsize}, {@link #wbufsize}
 * (0: every write is sent at once, Python's default), {@link #disableNagleAlgorithm}.
 */
public abstract class StreamRequestHandler extends RequestHandler {
    /** Read buffer size of {@link #rfile} (Python's {@code rbufsize}; -1 for the default 8192). */
    protected int rbufsize = -1;
    /** Write buffer size of {@link #wfile}; 0 (the default) writes through at once. */
    protected int wbufsize = 0;
    /** The connection's timeout for this request ({@code timeout}); {@code null} keeps the socket's. */
    protected Duration timeout;
    /** Sets TCP_NODELAY on TCP connections ({@code disable_nagle_algorithm}). */
    protected boolean disableNagleAlgorithm;

    /** The connection ({@code self.connection}). */
    protected Socket connection;
    /** Reads the connection ({@code self.rfile}). */
    protected InputStream rfile;
    /** Writes the connection ({@code self.wfile}). */
    protected OutputStream wfile;

    /** For subclasses. */
    protected StreamRequestHandler() {
    }

    @Override
    protected void setup() throws Exception {
        connection = (Socket) request();
        if (timeout != null) {
            connection.setTimeout(timeout);
        }
        if (disableNagleAlgorithm && connection.family() != AddressFamily.UNIX) {
            connection.setOption(SocketOption.TCP_NODELAY, true);
        }
        rfile = new BufferedInputStream(connection.inputStream(), rbufsize > 0 ? rbufsize : 8192);
        wfile = wbufsize == 0 ? connection.outputStream() : new BufferedOutputStream(connection.outputStream(), wbufsize);
    }

    /**
     * Reads one line from {@link #rfile}, with its {@code \n} ({@code rfile.readline()}), of at most the
     * server's {@link ServerLimits#maxLineLength()} bytes: a client cannot make the server buffer a
     * line without end.
     *
     * @return the line; shorter than a line only at end of stream; empty at end of stream
     * @throws IOException if reading fails, or the line is longer than the limit (counted as a
     *     {@link ServerMetrics.Limit#MAX_LINE_LENGTH} hit; the request then ends)
     */
    protected byte[] readLine() throws IOException {
        SocketServer server = server();
        int max = server == null ? ServerLimits.defaults().maxLineLength() : server.config().limits().maxLineLength();
        byte[] line = readLine(max);
        if (line.length == max && line[max - 1] != '\n') {
            String what = "line longer than maxLineLength (" + max + " bytes) from " + clientAddress();
            if (server != null) {
                server.admission().lineTooLong(what);
            }
            throw new IOException(what);
        }
        return line;
    }

    /**
     * Reads one line of at most {@code limit} bytes ({@code rfile.readline(limit)}).
     *
     * @param limit the most bytes to return
     * @return the line, cut at {@code limit}; empty at end of stream
     * @throws IOException if reading fails
     */
    protected byte[] readLine(int limit) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (line.size() < limit) {
            int b = rfile.read();
            if (b < 0) {
                break;
            }
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toByteArray();
    }

    /** Flushes {@link #wfile} (an error here is ignored, as Python ignores it), then closes both files. */
    @Override
    protected void finish() throws Exception {
        try {
            wfile.flush();
        } catch (IOException e) {
            // The client is gone: nothing more to send, as in Python's finish().
        }
        wfile.close();
        rfile.close();
    }
}
