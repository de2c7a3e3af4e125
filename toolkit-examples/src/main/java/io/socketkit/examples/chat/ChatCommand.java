package io.socketkit.examples.chat;

import io.socketkit.examples.Addresses;
import io.socketkit.examples.ExampleKind;
import io.socketkit.examples.ServerRunner;
import io.socketkit.examples.TlsServerOptions;
import io.socketkit.examples.Transports;
import io.socketkit.examples.echo.EchoCommand;
import io.socketkit.spi.SocketProvider;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ITypeConverter;
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

    @Option(names = "--kind", defaultValue = "tcp", converter = EchoCommand.KindConverter.class,
            description = "tcp or unix (default: ${DEFAULT-VALUE})")
    private ExampleKind kind;

    @Option(names = "--transport", defaultValue = "auto", description = "auto, nio, epoll, io_uring or kqueue (default: ${DEFAULT-VALUE})")
    private String transport;

    @Option(names = "--max-line", defaultValue = "4096", description = "longest line in bytes (default: ${DEFAULT-VALUE})")
    private int maxLine;

    @Option(names = "--max-clients", defaultValue = "1000", description = "most clients at once (default: ${DEFAULT-VALUE})")
    private int maxClients;

    @Option(names = "--max-pending", defaultValue = "1048576",
            description = "bytes that may wait for one client; past it, whoever talks to it waits (default: ${DEFAULT-VALUE})")
    private long maxPending;

    @Option(names = "--stall-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "disconnect a client that takes nothing this long with more than --max-pending waiting (default: ${DEFAULT-VALUE})")
    private Duration stallTimeout;

    @Option(names = "--max-per-address", defaultValue = "0",
            description = "most clients from one address, all Unix clients counting as one (default: 0, no limit)")
    private int maxPerAddress;

    @Option(names = "--idle-timeout", converter = DurationConverter.class,
            description = "disconnect silent clients after this (30s, 5m, PT1M; default: never)")
    private Duration idleTimeout;

    @Mixin
    private TlsServerOptions tls = new TlsServerOptions();

    @Override
    public Integer call() throws Exception {
        if (maxPending <= 0) {
            throw new ParameterException(spec.commandLine(), "--max-pending must be positive, got " + maxPending);
        }
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--stall-timeout must be positive, got " + stallTimeout);
        }
        if (maxPerAddress < 0) {
            throw new ParameterException(spec.commandLine(), "--max-per-address must be 0 (no limit) or more, got " + maxPerAddress);
        }
        SocketProvider provider = Transports.provider(transport);
        String address = bind != null ? bind : kind.isUnix() ? "chat.sock" : "127.0.0.1:7008";
        ChatServer.Settings settings = new ChatServer.Settings(maxLine, maxClients, maxPending, stallTimeout, idleTimeout, maxPerAddress);
        ChatServer chat = new ChatServer(kind, Addresses.parse(address, kind), provider, settings, tls.context());
        try (chat) {
            return ServerRunner.serveUntilStopped(chat.server(), ServerRunner.readyLine(chat.server(), kind, provider),
                    spec.commandLine().getOut());
        }
    }

    /** Durations as {@code 30s}, {@code 500ms}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT30S}). */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            if (text.startsWith("p")) {
                return Duration.parse(value.trim());
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            switch (text.charAt(text.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(amount);
                case 'm':
                    return Duration.ofMinutes(amount);
                case 'h':
                    return Duration.ofHours(amount);
                default:
                    throw new IllegalArgumentException("bad duration " + value + " (30s, 500ms, 5m, 1h, PT30S)");
            }
        }
    }
}
