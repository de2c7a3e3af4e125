package io.socketkit.spi;

/**
 * A provider's socket that can count the payload bytes it receives and sends into a server's metrics.
 * {@link io.socketkit.server.SocketServer} asks this of each connection it accepts (and of a datagram
 * server's own socket); a socket that does not implement it is served uncounted.
 */
public interface Metered {

    /**
     * From now on, counts every byte this socket's {@code recv} calls return and its {@code send} calls
     * take into this meter.
     *
     * @param meter where to count
     * @throws NullPointerException if {@code meter} is null
     */
    void meterInto(Meter meter);

    /** Where a metered socket counts its payload bytes; the methods do not block and may run on an event loop. */
    interface Meter {
        /**
         * Payload bytes received.
         *
         * @param bytes how many
         */
        void received(long bytes);

        /**
         * Payload bytes sent.
         *
         * @param bytes how many
         */
        void sent(long bytes);
    }
}
