package io.socketkit.netty;

import io.netty.channel.ChannelPipeline;
import io.socketkit.server.ServerConfig;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Options of event-style servers that only the Netty provider has; pass them with
 * {@link ServerConfig#withProviderOption(ServerConfig.ProviderOption)}.
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.events(ServerKind.TCP, address, LineHandler::new)
 *         .withProviderOption(NettyServerOptions.pipeline(p -> p.addLast(new LineBasedFrameDecoder(4096))))
 *         .withProviderOption(NettyServerOptions.reusePortWorkers(4));
 * }</pre>
 */
public final class NettyServerOptions {
    private NettyServerOptions() {
    }

    /**
     * Adds Netty handlers (codecs) in front of the event handler of each connection: decoded {@code ByteBuf}
     * frames reach {@code onData}, other messages {@code onMessage}.
     *
     * @param configurer called with each new connection's pipeline, on its event loop
     * @return the option
     */
    public static Pipeline pipeline(Consumer<ChannelPipeline> configurer) {
        return new Pipeline(configurer);
    }

    /**
     * Binds {@code workers} listening sockets to the same port with SO_REUSEPORT, each on its own event
     * loop with its connections on that loop (the kernel spreads connections between them): the JVM's
     * answer to Python's ForkingMixIn. EPOLL and IO_URING, TCP only; elsewhere binding fails, saying so.
     *
     * @param workers how many listeners, at least 1
     * @return the option
     * @throws IllegalArgumentException if {@code workers} is less than 1
     */
    public static ReusePortWorkers reusePortWorkers(int workers) {
        return new ReusePortWorkers(workers);
    }

    /**
     * The pipeline hook.
     *
     * @param configurer the configurer
     */
    public record Pipeline(Consumer<ChannelPipeline> configurer) implements ServerConfig.ProviderOption {
        /**
         * Checks the configurer.
         *
         * @param configurer the configurer
         * @throws NullPointerException if {@code configurer} is null
         */
        public Pipeline {
            Objects.requireNonNull(configurer, "configurer");
        }
    }

    /**
     * The reuse-port workers.
     *
     * @param workers how many listeners, at least 1
     */
    public record ReusePortWorkers(int workers) implements ServerConfig.ProviderOption {
        /**
         * Checks the count.
         *
         * @param workers how many listeners, at least 1
         * @throws IllegalArgumentException if {@code workers} is less than 1
         */
        public ReusePortWorkers {
            if (workers < 1) {
                throw new IllegalArgumentException("workers < 1: " + workers);
            }
        }
    }
}
