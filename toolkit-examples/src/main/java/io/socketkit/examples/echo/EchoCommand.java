package io.socketkit.examples.echo;

import io.socketkit.examples.Addresses;
import io.socketkit.examples.ExampleKind;
import io.socketkit.examples.ServerRunner;
import io.socketkit.examples.TlsServerOptions;
import io.socketkit.examples.Transports;
import io.socketkit.examples.chat.ChatCommand;
import io.socketkit.server.ServerLimits;
import io.socketkit.server.SocketServer;
import io.socketkit.spi.SocketProvider;
import io.socketkit.ssl.SslContext;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code echo}: an echo server of any kind, style and transport. */
@Command(name = "echo", mixinStandardHelpOptions = true, description = "An echo server.")
public final class EchoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--kind", defaultValue = "tcp", converter = KindConverter.class,
            description = "tcp, udp, unix or unix-dgram (default: ${DEFAULT-VALUE})")
    private ExampleKind kind;

    @Option(names = "--style", defaultValue = "event", description = "event, threads, virtual or serial (default: ${DEFAULT-VALUE})")
    private String style;

    @Option(names = "--bind", description = "HOST:PORT (port 0 picks one) or a Unix path (default: 127.0.0.1:7007, or echo.sock)")
    private String bind;

    @Option(names = "--transport", defaultValue = "auto", description = "auto, nio, epoll, io_uring or kqueue (default: ${DEFAULT-VALUE})")
    private String transport;

    @Option(names = "--grace", defaultValue = "5s", converter = ChatCommand.DurationConverter.class,
            description = "on SIGTERM/SIGINT, how long requests in flight may go on before their connections are"
                    + " closed (request styles; 500ms, 5s, PT5S; default: ${DEFAULT-VALUE})")
    private Duration grace;

    @Option(names = "--max-connections", description = "most connections at once; more are closed at once"
            + " (stream kinds; default: the library's, 10000)")
    private Integer maxConnections;

    @Option(names = "--max-per-address", description = "most connections at once from one IP address (every Unix"
            + " client is one address); more are closed at once (stream kinds; default: no limit)")
    private Integer maxPerAddress;

    @Mixin
    private TlsServerOptions tls = new TlsServerOptions();

    @Override
    public Integer call() throws Exception {
        SocketProvider provider = Transports.provider(transport);
        String address = bind != null ? bind : kind.isUnix() ? "echo.sock" : "127.0.0.1:7007";
        SslContext ssl = tls.context();
        if (ssl != null && kind.type() != io.socketkit.SocketType.STREAM) {
            throw new IllegalArgumentException("TLS is for tcp and unix, not " + kind.label());
        }
        ServerLimits limits = ServerLimits.defaults();
        if (maxConnections != null) {
            limits = limits.withMaxConnections(maxConnections);
        }
        if (maxPerAddress != null) {
            limits = limits.withMaxConnectionsPerAddress(maxPerAddress);
        }
        SocketServer server = new SocketServer(EchoServer.config(kind, EchoServer.Style.parse(style),
                Addresses.parse(address, kind)).withProvider(provider).withSsl(ssl).withLimits(limits).withShutdownGrace(grace));
        return ServerRunner.serveUntilStopped(server, ServerRunner.readyLine(server, kind, provider), spec.commandLine().getOut());
    }

    /** picocli's converter for {@code --kind}. */
    public static final class KindConverter implements picocli.CommandLine.ITypeConverter<ExampleKind> {
        @Override
        public ExampleKind convert(String value) {
            return ExampleKind.parse(value);
        }
    }
}
