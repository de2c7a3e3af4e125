package io.socketkit.examples.echo;

import io.socketkit.examples.ExampleKind;
import io.socketkit.server.Concurrency;
import io.socketkit.server.Connection;
import io.socketkit.server.DatagramEventHandler;
import io.socketkit.server.DatagramRequestHandler;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.StreamEventHandler;
import io.socketkit.server.StreamRequestHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Locale;

/** The echo server's configuration and handlers, one per style. */
public final class EchoServer {
    private EchoServer() {
    }

    /** How the handlers run. */
    public enum Style {
        /** On the event loop. */
        EVENT,
        /** A platform thread per request. */
        THREADS,
        /** A virtual thread per request (Java 21+). */
        VIRTUAL,
        /** One request at a time. */
        SERIAL;

        /**
         * Parses {@code --style}.
         *
         * @param text event, threads, virtual or serial
         * @return the style
         * @throws IllegalArgumentException for anything else
         */
        public static Style parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown style " + text + " (event, threads, virtual, serial)", e);
            }
        }
    }

    /**
     * The echo server's configuration.
     *
     * @param kind the kind
     * @param style the style
     * @param address where to listen
     * @return the configuration
     */
    public static ServerConfig config(ExampleKind kind, Style style, SocketAddress address) {
        boolean stream = kind.serverKind().isStream();
        if (style == Style.EVENT) {
            // Datagrams up to the UDP maximum come back whole (Python's 8192 would cut them).
            return stream ? ServerConfig.events(kind.serverKind(), address, StreamEcho::new)
                    : ServerConfig.datagramEvents(kind.serverKind(), address, new DatagramEcho()).withMaxPacketSize(65535);
        }
        ServerConfig config = ServerConfig.of(kind.serverKind(), address, stream ? StreamRequestEcho::new : DatagramRequestEcho::new)
                .withAllowReuseAddress(!kind.isUnix())
                .withMaxPacketSize(65535);
        switch (style) {
            case THREADS:
                return config.withConcurrency(Concurrency.THREADS);
            case VIRTUAL:
                return config.withConcurrency(Concurrency.VIRTUAL_THREADS);
            default:
                return config;
        }
    }

    /** Event style, streams: what arrives goes back (Netty's buffer, no copy), flushed per read batch. */
    static final class StreamEcho implements StreamEventHandler {
        @Override
        public void onData(Connection connection, ByteBuffer data) {
            connection.write(data);
        }
    }

    /** Event style, datagrams: each datagram back to its sender. */
    static final class DatagramEcho implements DatagramEventHandler {
        @Override
        public void onDatagram(Replies replies, ByteBuffer data, SocketAddress sender) {
            if (sender != null) {
                replies.sendTo(data, sender);
            }
        }
    }

    /** Request style, streams: copy until the client is done. */
    static final class StreamRequestEcho extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            byte[] buffer = new byte[16384];
            for (int n = rfile.read(buffer); n > 0; n = rfile.read(buffer)) {
                wfile.write(buffer, 0, n);
            }
        }
    }

    /** Request style, datagrams: the reply is the datagram. */
    static final class DatagramRequestEcho extends DatagramRequestHandler {
        @Override
        protected void handle() throws IOException {
            wfile.write(packet);
        }
    }
}
