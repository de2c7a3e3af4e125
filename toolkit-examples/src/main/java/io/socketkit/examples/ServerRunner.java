package io.socketkit.examples;

import io.socketkit.server.SocketServer;
import io.socketkit.spi.SocketProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * Runs an example server the way the examples promise: one {@code listening on ADDRESS (KIND, TRANSPORT, TLS on|off); Ctrl-C to stop}
 * line on stdout once it accepts work, logs on stderr, and a clean stop on SIGINT/SIGTERM (requests in
 * flight answered first), exit code 0.
 */
public final class ServerRunner {
    private ServerRunner() {
    }

    /**
     * The ready line.
     *
     * @param server the bound server
     * @param kind its kind
     * @param provider its provider
     * @return {@code listening on 127.0.0.1:7007 (tcp, epoll, TLS off); Ctrl-C to stop}
     */
    public static String readyLine(SocketServer server, ExampleKind kind, SocketProvider provider) {
        return "listening on " + Addresses.show(server.address()) + " (" + kind.label() + ", " + Transports.name(provider)
                + ", TLS " + (server.config().ssl() != null ? "on" : "off") + "); Ctrl-C to stop";
    }

    /**
     * Prints the ready line, serves until the JVM is asked to stop, then closes the server.
     *
     * @param server the bound server
     * @param readyLine the line to print
     * @param out stdout
     * @return 0
     * @throws IOException if serving fails
     */
    public static int serveUntilStopped(SocketServer server, String readyLine, PrintWriter out) throws IOException {
        // SIGINT and SIGTERM stop the loop; main then closes the server (answering what is in flight)
        // and returns 0, rather than the JVM's 130/143 from an exit inside a shutdown hook.
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> new Thread(server::shutdown, "stop-on-SIG" + name).start());
        }
        out.println(readyLine);
        out.flush();
        Consumer<SocketServer> listener = readyListener;
        if (listener != null) {
            listener.accept(server);
        }
        try {
            server.serveForever();
        } finally {
            server.close();
        }
        return 0;
    }

    /** Tests watch servers start through this; null otherwise. */
    static volatile Consumer<SocketServer> readyListener;
}
