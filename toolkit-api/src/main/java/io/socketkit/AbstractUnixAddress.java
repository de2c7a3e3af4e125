package io.socketkit;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A name in Linux's abstract namespace for Unix domain sockets: Python's address {@code "\0name"}.
 *
 * <p>The JDK's {@link java.net.UnixDomainSocketAddress} holds a path and cannot hold the leading
 * NUL byte, so abstract names have this type. They need no file and vanish with the socket. Only the
 * native Linux transports have them.
 */
public final class AbstractUnixAddress extends SocketAddress {
    private static final long serialVersionUID = 1L;

    /** The most bytes a name can have: {@code sun_path} is 108 bytes, the leading NUL is one. */
    public static final int MAX_NAME_BYTES = 107;

    /** The name, without the leading NUL. */
    private final String name;

    private AbstractUnixAddress(String name) {
        this.name = name;
    }

    /**
     * The abstract address with this name (without the leading NUL).
     *
     * @param name the name; its UTF-8 encoding has at most {@value #MAX_NAME_BYTES} bytes
     * @return the address
     * @throws IllegalArgumentException if the name is too long
     */
    public static AbstractUnixAddress of(String name) {
        Objects.requireNonNull(name, "name");
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException(
                    "abstract name too long: " + length + " bytes (max " + MAX_NAME_BYTES + ")");
        }
        return new AbstractUnixAddress(name);
    }

    /**
     * The name, without the leading NUL.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AbstractUnixAddress && ((AbstractUnixAddress) other).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** Python's spelling of the address: a backslash-zero, then the name. */
    @Override
    public String toString() {
        return "\\0" + name;
    }
}
