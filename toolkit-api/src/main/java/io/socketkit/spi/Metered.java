package io.socketkit.spi;

/**
 * A provider's socket that can count the payload bytes it receives and sends into a server's
 * {@link ServerAccounting}. {@link io.socketkit.server.SocketServer} asks this of each connection it
 * accepts (and of a datagram server's own socket); a socket that does not implement it is served
 * uncounted.
 */
public interface Metered {

    /**
     * From now on, counts every byte this socket's {@code recv} calls return and its {@code send} calls
     * take into this accounting.
     *
     * @param accounting where to count
     */
    void meterInto(ServerAccounting accounting);
}
