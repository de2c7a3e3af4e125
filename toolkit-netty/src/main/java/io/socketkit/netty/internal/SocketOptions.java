package io.socketkit.netty.internal;

import io.netty.channel.Channel;
import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.SocketOption;
import io.socketkit.SocketType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A socket's options: set on its channel at once where it has one, and remembered, so that each
 * channel the socket makes later (a connection's, a listener's) starts with them.
 *
 * <p>Thread-safe; the remembered options are guarded by this object's monitor, held only to copy them.
 */
final class SocketOptions {
    private final Backend backend;
    private final AddressFamily family;
    private final SocketType type;
    private final Map<SocketOption<?>, Object> set = new LinkedHashMap<>();

    /** Where options go now: the socket's current channel, made if need be, or null if it has none. */
    interface Target {
        /**
         * The channel, or null.
         *
         * @throws IOException if making it fails
         */
        Channel channel() throws IOException;
    }

    SocketOptions(Backend backend, AddressFamily family, SocketType type) {
        this.backend = backend;
        this.family = family;
        this.type = type;
    }

    /**
     * Checks and sets an option: on the channel, if there is one, and for the channels to come.
     *
     * @param target asked for the channel only once the option is known to exist here
     * @throws IOException ENOPROTOOPT if the transport lacks it; the channel's failure to take it
     */
    <T> void set(SocketOption<T> option, T value, Target target) throws IOException {
        OptionMapping<T, ?> mapping = mapping(option);
        Channel channel = target.channel();
        if (channel != null) {
            mapping.set(channel, value);
        }
        synchronized (set) {
            set.put(option, value);
        }
    }

    /**
     * An option's value on the target's channel.
     *
     * @throws IOException ENOPROTOOPT if the transport lacks it
     */
    <T> T get(SocketOption<T> option, Target target) throws IOException {
        OptionMapping<T, ?> mapping = mapping(option);
        return mapping.get(target.channel());
    }

    /**
     * Applies the remembered options to a new channel.
     *
     * @param strict whether an option the channel lacks is an error (false for listeners, which pass
     *     per-connection options on to the connections they accept)
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void applyTo(Channel channel, boolean strict) throws IOException {
        Map<SocketOption<?>, Object> copy;
        synchronized (set) {
            copy = new LinkedHashMap<>(set);
        }
        for (Map.Entry<SocketOption<?>, Object> entry : copy.entrySet()) {
            OptionMapping mapping = mapping((SocketOption) entry.getKey());
            try {
                mapping.set(channel, entry.getValue());
            } catch (IOException e) {
                if (strict || Errno.of(e) != Errno.ENOPROTOOPT) {
                    throw e;
                }
            }
        }
    }

    private <T> OptionMapping<T, ?> mapping(SocketOption<T> option) throws IOException {
        return OptionMapping.of(option, backend.transport(), family, type);
    }
}
