package io.socketkit.netty.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.SocketOption;
import io.socketkit.internal.ThrottledLog;
import io.socketkit.internal.UnixSocketFile;
import io.socketkit.netty.NettyServerOptions;
import io.socketkit.netty.Transport;
import io.socketkit.server.DatagramEventHandler;
import io.socketkit.server.EventServers;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.StreamEventHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Event-style servers on Netty: a {@link ServerBootstrap} for stream kinds (one listener, or one per
 * event loop with SO_REUSEPORT), a {@link Bootstrap} for datagram kinds, the user's handlers last in
 * each pipeline.
 */
public final class NettyEventServers implements EventServers {
    /** A TLS handler that cannot be made fails for every connection: a line a second at most, with the count. */
    private static final ThrottledLog TLS_FAILURES = new ThrottledLog(System.getLogger(NettyEventServers.class.getName()));
    private final EventLoops loops;
    private final Backend backend;

    /**
     * Event servers on a provider's loops.
     *
     * @param loops the loops
     */
    public NettyEventServers(EventLoops loops) {
        this.loops = loops;
        this.backend = loops.backend();
    }

    @Override
    public Running bind(ServerConfig config, Admission admission) throws IOException {
        AddressFamily family = AddressFamily.of(config.address());
        if (!backend.supports(family, config.kind().type())) {
            throw Errno.ESOCKTNOSUPPORT.newException(config.kind() + " servers are not supported on " + backend.transport()
                    + "; use " + Transport.supporting(family, config.kind().type()), config.address());
        }
        if (config.allowedPeerUids() != null && backend.transport() == Transport.NIO) {
            throw Errno.EOPNOTSUPP.newException("allowedPeerUids needs peer credentials: EPOLL, IO_URING or KQUEUE, not "
                    + backend.transport(), config.address());
        }
        SocketAddresses.checkUnixPathLength(config.address(), "bind");
        SocketAddresses.checkUnixPathFree(config.address());
        Consumer<io.netty.channel.ChannelPipeline> hook = p -> { };
        int workers = 1;
        for (ServerConfig.ProviderOption option : config.providerOptions()) {
            if (option instanceof NettyServerOptions.Pipeline) {
                hook = hook.andThen(((NettyServerOptions.Pipeline) option).configurer());
            } else if (option instanceof NettyServerOptions.ReusePortWorkers) {
                workers = ((NettyServerOptions.ReusePortWorkers) option).workers();
            }
        }
        if (workers > 1 && (config.kind() != io.socketkit.server.ServerKind.TCP
                || (backend.transport() != Transport.EPOLL && backend.transport() != Transport.IO_URING))) {
            throw Errno.EOPNOTSUPP.newException("reuse-port workers need a TCP server on EPOLL or IO_URING, not "
                    + config.kind() + " on " + backend.transport(), config.address());
        }
        RunningServer running = new RunningServer(config, admission);
        try {
            if (config.style() instanceof ServerConfig.StreamEvents) {
                bindStream(config, running, hook, workers);
            } else if (config.style() instanceof ServerConfig.DatagramEvents) {
                bindDatagram(config, running);
            } else {
                throw new IllegalArgumentException("not an event-style server: " + config);
            }
            running.unixFile = UnixSocketFile.boundAt(config.address());
        } catch (IOException | RuntimeException e) {
            running.close();
            throw e;
        }
        return running;
    }

    private void bindStream(ServerConfig config, RunningServer running, Consumer<io.netty.channel.ChannelPipeline> hook,
            int workers) throws IOException {
        Supplier<? extends StreamEventHandler> handlers = ((ServerConfig.StreamEvents) config.style()).handler();
        AddressFamily family = AddressFamily.of(config.address());
        SocketAddress target = config.address();
        for (int i = 0; i < workers; i++) {
            EventLoop loop = loops.group().next();
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(workers > 1 ? loop : loops.group(), workers > 1 ? loop : loops.group())
                    .channelFactory(() -> listener(config, family, workers > 1))
                    .option(ChannelOption.SO_BACKLOG, config.requestQueueSize())
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, NettySocket.WATER_MARK)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            SocketAddress remote = backend.fromNetty(ch.remoteAddress());
                            if (!running.admission.admit(remote, () -> backend.peerCredentials(ch).uid())) {
                                ch.close();
                                return;
                            }
                            ch.closeFuture().addListener(f -> running.admission.closed(remote));
                            // A client's SHUT_WR reaches the handler (onInputClosed), which flushes before closing.
                            // Set here, not as a childOption: the bootstrap WARNs per connection about an option the
                            // channel lacks (NIO's Unix channels), setOption only answers false.
                            ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                            running.children.add(ch);
                            if (config.disableNagle() && family != AddressFamily.UNIX) {
                                ch.config().setOption(ChannelOption.TCP_NODELAY, true);
                            }
                            if (config.ssl() != null) {
                                SslHandler tls = tlsHandler(config, ch);
                                if (tls == null) {
                                    return;
                                }
                                ch.pipeline().addLast("tls", tls);
                            }
                            Duration idle = config.limits().idleTimeout();
                            if (idle != null) {
                                ch.pipeline().addLast(new IdleStateHandler(idle.toNanos(), 0, 0, TimeUnit.NANOSECONDS));
                            }
                            hook.accept(ch.pipeline());
                            ch.pipeline().addLast(new StreamEventAdapter(handlers.get(), backend, running.admission,
                                    config.limits().maxPendingOutputBytes()));
                        }
                    });
            ChannelFuture bound = bootstrap.bind(backend.toNetty(target));
            ChannelFutures.awaitLocal(bound, "bind " + target + " (" + backend.transport().displayName() + ")", target);
            running.listeners.add(bound.channel());
            if (i == 0) {
                running.address = shown(bound.channel().localAddress(), config.address());
                target = running.address;
            }
        }
    }

    /** A server-side TLS handler for a new connection, or null (and the channel closed) if none can be made. */
    private SslHandler tlsHandler(ServerConfig config, Channel ch) {
        try {
            SslHandler tls = Tls.newHandler(config.ssl(), true, null, null, ch.alloc());
            tls.setHandshakeTimeoutMillis(config.limits().handshakeTimeout().toMillis());
            return tls;
        } catch (io.socketkit.ssl.SslError e) {
            TLS_FAILURES.log("tls", System.Logger.Level.WARNING, "cannot serve TLS on " + ch, e);
            ch.close();
            return null;
        }
    }

    /** A listening channel with the config's reuse options, made for the bootstrap. */
    private ServerChannel listener(ServerConfig config, AddressFamily family, boolean reusePort) {
        return withReuseOptions(backend.newServerChannel(family), config, family, reusePort);
    }

    /** Sets SO_REUSEADDR / SO_REUSEPORT as the config (or the workers) ask, before the bootstrap binds. */
    private <C extends Channel> C withReuseOptions(C channel, ServerConfig config, AddressFamily family, boolean reusePort) {
        try {
            if (config.allowReuseAddress() && family != AddressFamily.UNIX) {
                OptionMapping.of(SocketOption.SO_REUSEADDR, backend.transport(), family, config.kind().type()).set(channel, true);
            }
            if (config.allowReusePort() || reusePort) {
                OptionMapping.of(SocketOption.SO_REUSEPORT, backend.transport(), family, config.kind().type()).set(channel, true);
            }
        } catch (IOException e) {
            channel.unsafe().closeForcibly();
            throw new io.netty.channel.ChannelException(e);
        }
        return channel;
    }

    private void bindDatagram(ServerConfig config, RunningServer running) throws IOException {
        DatagramEventHandler handler = ((ServerConfig.DatagramEvents) config.style()).handler();
        AddressFamily family = AddressFamily.of(config.address());
        SocketAddress target = config.address();
        Bootstrap bootstrap = new Bootstrap()
                .group(loops.group())
                .channelFactory(() -> withReuseOptions(backend.newDatagramChannel(family), config, family, false))
                // One byte more than the limit, so that a longer datagram shows it was cut.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(config.maxPacketSize() + 1))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new DatagramEventAdapter(handler, backend, config.maxPacketSize(),
                                running.admission, () -> running.address));
                        EmptyDatagramGate.install(backend, ch);
                    }
                });
        ChannelFuture bound = bootstrap.bind(backend.toNetty(target));
        ChannelFutures.awaitLocal(bound, "bind " + target + " (" + backend.transport().displayName() + ")", target);
        running.listeners.add(bound.channel());
        running.address = shown(bound.channel().localAddress(), config.address());
    }

    private SocketAddress shown(SocketAddress nettyAddress, SocketAddress asked) {
        SocketAddress address = backend.fromNetty(nettyAddress);
        if (address == null || (address instanceof UnixDomainSocketAddress && address.toString().isEmpty())) {
            return asked;
        }
        return address;
    }

    /** A bound event server: its listeners, its connections, the Unix file it made. */
    private final class RunningServer implements Running {
        final List<Channel> listeners = new ArrayList<>();
        final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        final Admission admission;
        final ServerConfig config;
        volatile SocketAddress address;
        /** The socket file the bind made, removed on close if it is still there; null if none. */
        volatile UnixSocketFile unixFile;
        private boolean closed;

        RunningServer(ServerConfig config, Admission admission) {
            this.config = config;
            this.admission = admission;
            this.address = config.address();
        }

        @Override
        public SocketAddress address() {
            return address;
        }

        @Override
        public int fileno() {
            return listeners.isEmpty() ? -1 : backend.fileno(listeners.get(0));
        }

        private void closeListener(Channel listener) {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            backend.awaitDescriptorClosed(listener);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            UnixSocketFile.closeKeepingOthers(unixFile, () -> listeners.forEach(this::closeListener));
            // What the handlers wrote is flushed, then each connection closes.
            children.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> children.close());
            children.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
            if (unixFile != null) {
                unixFile.removeIfOwn();
            }
        }
    }
}
