package io.socketkit.examples;

import io.socketkit.AddressFamily;
import io.socketkit.SocketType;
import io.socketkit.server.ServerKind;
import java.util.Locale;

/** The {@code --kind} of the examples: tcp, udp, unix, unix-dgram. */
public enum ExampleKind {
    /** TCP over IPv4 or IPv6. */
    TCP(ServerKind.TCP),
    /** UDP over IPv4 or IPv6. */
    UDP(ServerKind.UDP),
    /** Unix stream sockets. */
    UNIX(ServerKind.UNIX_STREAM),
    /** Unix datagram sockets. */
    UNIX_DGRAM(ServerKind.UNIX_DATAGRAM);

    private final ServerKind serverKind;

    ExampleKind(ServerKind serverKind) {
        this.serverKind = serverKind;
    }

    /**
     * The server kind.
     *
     * @return the kind
     */
    public ServerKind serverKind() {
        return serverKind;
    }

    /**
     * The socket type.
     *
     * @return STREAM or DGRAM
     */
    public SocketType type() {
        return serverKind.type();
    }

    /**
     * Whether addresses are Unix paths.
     *
     * @return true for unix and unix-dgram
     */
    public boolean isUnix() {
        return serverKind.accepts(AddressFamily.UNIX);
    }

    /**
     * The command-line spelling.
     *
     * @return tcp, udp, unix or unix-dgram
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses the command-line spelling (picocli converter).
     *
     * @param text tcp, udp, unix or unix-dgram
     * @return the kind
     * @throws IllegalArgumentException for anything else
     */
    public static ExampleKind parse(String text) {
        for (ExampleKind kind : values()) {
            if (kind.label().equalsIgnoreCase(text.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown kind " + text + " (tcp, udp, unix, unix-dgram)");
    }
}
