package io.socketkit.examples.echo;

import io.socketkit.SocketType;
import io.socketkit.examples.Cli;
import io.socketkit.examples.Converters;
import io.socketkit.examples.ExampleKind;
import io.socketkit.examples.ServerRunner;
import io.socketkit.examples.TlsServerOptions;
import io.socketkit.examples.Transports;
import io.socketkit.examples.UnixServerOptions;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerLimits;
import io.socketkit.server.SocketServer;
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

/** {@code echo}: an echo server of any kind, style and transport. */
@Command(name = "echo", mixinStandardHelpOptions = true, description = "An echo server.")
public final class EchoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--kind", defaultValue = "tcp", converter = Converters.KindConverter.class,
            description = "tcp, udp, unix or unix-dgram (default: ${DEFAULT-VALUE})")
    private ExampleKind kind;

    @Option(names = "--style", defaultValue = "event", converter = Converters.StyleConverter.class,
            description = "event, threads, virtual (Java 21+) or serial (default: ${DEFAULT-VALUE})")
    private EchoServer.Style style;

    @Option(names = "--bind", description = "HOST:PORT (port 0 picks one) or a Unix path (default: 127.0.0.1:7007, or echo.sock)")
    private String bind;

    @Option(names = "--transport", defaultValue = "auto", converter = Converters.TransportConverter.class,
            description = "auto, nio, epoll, io_uring or kqueue (default: ${DEFAULT-VALUE})")
    private String transport;

    @Option(names = "--grace", defaultValue = "5s", converter = Converters.DurationConverter.class,
            description = "on SIGTERM/SIGINT, how long requests in flight may go on before their connections are"
                    + " closed (request styles; 500ms, 5s, PT5S; default: ${DEFAULT-VALUE})")
    private Duration grace;

    @Option(names = "--max-connections", description = "most connections at once, 1 or more; more are closed at once"
            + " (stream kinds; default: the library's, 10000)")
    private Integer maxConnections;

    @Option(names = "--max-per-address", description = "most connections at once from one IP address, 1 or more (every"
            + " Unix client is one address); more are closed at once (stream kinds; default: no limit)")
    private Integer maxPerAddress;

    @Mixin
    private TlsServerOptions tls = new TlsServerOptions();

    @Mixin
    private UnixServerOptions unix = new UnixServerOptions();

    /** A command for picocli to fill. */
    public EchoCommand() {
    }

    @Override
    public Integer call() throws Exception {
        ServerLimits limits = ServerLimits.defaults();
        if (maxConnections != null) {
            limits = limits.withMaxConnections((int) Cli.atLeast(spec, "--max-connections", maxConnections, 1));
        }
        if (maxPerAddress != null) {
            limits = limits.withMaxConnectionsPerAddress((int) Cli.atLeast(spec, "--max-per-address", maxPerAddress, 1));
        }
        SocketAddress address = Cli.address(spec, "--bind", bind != null ? bind : kind.isUnix() ? "echo.sock" : "127.0.0.1:7007", kind);
        if (style == EchoServer.Style.VIRTUAL && Runtime.version().feature() < 21) {
            throw new UnsupportedOperationException("--style virtual needs Java 21 or later; this is Java "
                    + Runtime.version().feature() + " (--style threads or event work here)");
        }
        SslContext ssl = tls.context();
        if (ssl != null && kind.type() != SocketType.STREAM) {
            throw new ParameterException(spec.commandLine(), "--tls-cert is for tcp and unix, not " + kind.label());
        }
        SocketProvider provider = Transports.provider(transport);
        ServerConfig config = EchoServer.config(kind, style, address).withProvider(provider).withSsl(ssl).withLimits(limits);
        if (!config.isEventStyle()) {
            // The grace is for request threads; an event-style server's close flushes and closes at once.
            config = config.withShutdownGrace(grace);
        }
        if (kind.isUnix() && unix.replaceStale()) {
            config = config.withAllowReuseAddress(true);
        }
        ServerConfig bound = config;
        SocketServer server = unix.bind(kind, () -> new SocketServer(bound));
        return ServerRunner.serveUntilStopped(server, ServerRunner.readyLine(server, kind, provider), spec.commandLine().getOut());
    }
}
