package io.socketkit.server;

import io.socketkit.Datagram;
import java.net.SocketAddress;

/**
 * The event style for datagram servers: one callback per datagram on the event loop. One instance per
 * server. Never block in it.
 */
public interface DatagramEventHandler {
    /**
     * A datagram arrived (cut to {@code maxPacketSize}, counted if it was longer).
     *
     * @param replies sends datagrams from the server's socket
     * @param datagram the data, the caller's to keep, and its sender ({@code null} for an unbound Unix sender)
     * @throws Exception anything: logged, the server goes on
     */
    void onDatagram(Replies replies, Datagram datagram) throws Exception;

    /** Sends datagrams from the server's socket. */
    interface Replies {
        /**
         * Sends a datagram (a copy of the bytes).
         *
         * @param data the bytes
         * @param address where to
         */
        void sendTo(byte[] data, SocketAddress address);

        /**
         * The server's address.
         *
         * @return the local address
         */
        SocketAddress localAddress();
    }
}
