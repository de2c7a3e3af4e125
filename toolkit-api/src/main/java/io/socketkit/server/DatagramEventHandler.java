package io.socketkit.server;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The event style for datagram servers: one callback per datagram on the event loop, at the speed of a
 * hand-written Netty handler. One instance per server. Never block in it.
 *
 * <pre>{@code
 * DatagramEventHandler echo = (replies, data, sender) -> {
 *     if (sender != null) {
 *         replies.sendTo(data, sender);   // the received bytes go back without a copy
 *     }
 * };
 * }</pre>
 *
 * <p>Replies written during a batch of reads go out in one flush when the batch ends; a reply sent from
 * any other thread is flushed at once.
 */
@FunctionalInterface
public interface DatagramEventHandler {
    /**
     * A datagram arrived (cut to {@code maxPacketSize}, counted if it was longer).
     *
     * @param replies sends datagrams from the server's socket
     * @param data the bytes, read-only and valid only during the call (copy what you keep)
     * @param sender who sent it, or {@code null} for an unbound Unix sender (Python's {@code None}),
     *     which cannot be answered
     * @throws Exception anything: counted and logged, the server goes on
     */
    void onDatagram(Replies replies, ByteBuffer data, SocketAddress sender) throws Exception;

    /** Sends datagrams from the server's socket. Any thread may call it. */
    interface Replies {
        /**
         * Sends a datagram. The buffer {@link #onDatagram} was given (or what remains of it) is sent
         * from the received memory without a copy, during that call; any other buffer is copied, from
         * its position to its limit, and its position is left where it was.
         *
         * @param data the bytes
         * @param address where to
         * @throws NullPointerException if either is null
         * @throws IllegalArgumentException if the address is not of the server's family
         */
        void sendTo(ByteBuffer data, SocketAddress address);

        /**
         * Sends a datagram (a copy of the bytes).
         *
         * @param data the bytes
         * @param address where to
         * @throws NullPointerException if either is null
         * @throws IllegalArgumentException if the address is not of the server's family
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
