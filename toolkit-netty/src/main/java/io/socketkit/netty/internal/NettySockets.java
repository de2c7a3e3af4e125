package io.socketkit.netty.internal;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import java.io.IOException;

/** The factory the public provider calls: the socket classes stay internal. */
public final class NettySockets {
    private NettySockets() {
    }

    /**
     * A new socket of a pair the transport supports.
     *
     * @param loops the provider's event loops
     * @param family the family
     * @param type STREAM or DGRAM
     * @return the socket
     * @throws IOException if it cannot be made
     */
    public static Socket create(EventLoops loops, AddressFamily family, SocketType type) throws IOException {
        return type == SocketType.STREAM ? new StreamSocket(loops, family) : new DatagramSocket(loops, family);
    }
}
