package io.socketkit.examples;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.net.UnixDomainSocketAddress;

/** {@code --bind} and {@code --connect} values: {@code HOST:PORT}, {@code [v6]:PORT}, or a Unix path. */
public final class Addresses {
    private Addresses() {
    }

    /**
     * Parses an address for a kind.
     *
     * @param text the value
     * @param kind the kind: Unix kinds take a path
     * @return the address, its host resolved
     * @throws IllegalArgumentException if it does not parse, or the port is not 0 to 65535
     * @throws UnknownHostException if the host does not resolve
     */
    public static SocketAddress parse(String text, ExampleKind kind) throws UnknownHostException {
        if (kind.isUnix()) {
            return UnixDomainSocketAddress.of(text);
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT, got " + text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + text, e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range (0 to 65535) in " + text);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException("cannot resolve host " + host);
        }
        return address;
    }

    /**
     * How an address is shown in the {@code listening on} line: {@code 127.0.0.1:7007}, {@code [::1]:7007}, a path.
     *
     * @param address the address
     * @return the text
     */
    public static String show(SocketAddress address) {
        if (address instanceof InetSocketAddress) {
            InetSocketAddress inet = (InetSocketAddress) address;
            String host = inet.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return address.toString();
    }
}
