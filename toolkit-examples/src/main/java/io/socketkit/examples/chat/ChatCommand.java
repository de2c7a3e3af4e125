package io.socketkit.examples.chat;

import io.socketkit.SocketType;
import io.socketkit.examples.Cli;
import io.socketkit.examples.Converters;
import io.socketkit.examples.ExampleKind;
import io.socketkit.examples.ServerRunner;
import io.socketkit.examples.TlsServerOptions;
import io.socketkit.examples.Transports;
import io.socketkit.examples.UnixServerOptions;
import io.socketkit.spi.SocketProvider;
import io.socketkit.ssl.SslContext;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code chat}: a line chat server (the protocol is in the README). */
@Command(name = "chat", mixinStandardHelpOptions = true, description = "A line chat server.")
public final class ChatCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--bind", description = "HOST:PORT or a Unix path (default: 127.0.0.1:7008, or chat.sock)")
    private String bind;

    @Option(names = "--kind", defaultValue = "tcp", converter = Converters.KindConverter.class,
            description = "tcp or unix (default: ${DEFAULT-VALUE})")
    private ExampleKind kind;

    @Option(names = "--transport", defaultValue = "auto", converter = Converters.TransportConverter.class, description = "auto, nio, epoll, io_uring or kqueue (default: ${DEFAULT-VALUE})")
    private String transport;

    @Option(names = "--max-line", defaultValue = "4096", description = "longest line in bytes, 1 or more (default: ${DEFAULT-VALUE})")
    private int maxLine;

    @Option(names = "--max-clients", defaultValue = "1000", description = "most clients at once, 1 or more (default: ${DEFAULT-VALUE})")
    private int maxClients;

    @Option(names = "--max-pending", defaultValue = "1048576",
            description = "bytes that may wait for one client; past it, whoever talks to it waits (default: ${DEFAULT-VALUE})")
    private long maxPending;

    @Option(names = "--stall-timeout", defaultValue = "10s", converter = Converters.DurationConverter.class,
            description = "disconnect a client that takes nothing this long with more than --max-pending waiting (default: ${DEFAULT-VALUE})")
    private Duration stallTimeout;

    @Option(names = "--max-per-address", defaultValue = "0",
            description = "most clients from one address, all Unix clients counting as one (default: 0, no limit)")
    private int maxPerAddress;

    @Option(names = "--idle-timeout", converter = Converters.DurationConverter.class,
            description = "disconnect silent clients after this (30s, 5m, PT1M; default: never)")
    private Duration idleTimeout;

    @Option(names = "--cluster", paramLabel = "redis://HOST:PORT",
            description = "one room across every chat server sharing this Redis (pub/sub and presence; default: this server alone)")
    private String cluster;

    @Mixin
    private TlsServerOptions tls = new TlsServerOptions();

    @Mixin
    private UnixServerOptions unix = new UnixServerOptions();

    /** A command for picocli to fill. */
    public ChatCommand() {
    }

    @Override
    public Integer call() throws Exception {
        Cli.atLeast(spec, "--max-line", maxLine, 1);
        Cli.atLeast(spec, "--max-clients", maxClients, 1);
        Cli.atLeast(spec, "--max-pending", maxPending, 1);
        Cli.atLeast(spec, "--max-per-address", maxPerAddress, 0);
        Cli.positive(spec, "--stall-timeout", stallTimeout);
        Cli.positive(spec, "--idle-timeout", idleTimeout);
        if (kind.type() != SocketType.STREAM) {
            throw new ParameterException(spec.commandLine(), "the chat runs on --kind tcp or unix, not " + kind.label());
        }
        SocketAddress address = Cli.address(spec, "--bind", bind != null ? bind : kind.isUnix() ? "chat.sock" : "127.0.0.1:7008", kind);
        SocketProvider provider = Transports.provider(transport);
        ChatServer.Settings settings = new ChatServer.Settings(maxLine, maxClients, maxPending, stallTimeout, idleTimeout, maxPerAddress);
        if (cluster != null && !cluster.startsWith("redis://") && !cluster.startsWith("rediss://")) {
            throw new ParameterException(spec.commandLine(), "--cluster takes redis://HOST:PORT (or rediss://), not " + cluster);
        }
        SslContext ssl = tls.context();
        ChatServer chat = unix.bind(kind, () -> new ChatServer(kind, address, provider, settings, ssl, unix.replaceStale(), cluster));
        try (chat) {
            return ServerRunner.serveUntilStopped(chat.server(), ServerRunner.readyLine(chat.server(), kind, provider),
                    spec.commandLine().getOut());
        }
    }
}
