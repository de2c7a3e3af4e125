package io.socketkit.ssl;

import java.io.IOException;

/**
 * A provider's stream socket that can speak TLS: {@link SslContext#wrapSocket} calls this after
 * checking its arguments.
 */
public interface TlsCapable {

    /**
     * Starts TLS on this connected socket and completes the handshake within the socket's timeout.
     *
     * @param context the settings
     * @param serverSide whether this end is the server
     * @param serverHostname for clients, the name to send and maybe verify; {@code null} for none
     * @throws io.socketkit.ssl.SslError if the handshake fails
     * @throws io.socketkit.TimeoutError if the socket's timeout passes first
     * @throws IOException ENOTCONN if the socket is not connected, EBADF if closed, or the connection fails
     */
    void startTls(SslContext context, boolean serverSide, String serverHostname) throws IOException;
}
