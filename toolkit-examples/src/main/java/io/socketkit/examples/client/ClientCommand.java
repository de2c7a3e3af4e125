package io.socketkit.examples.client;

import io.socketkit.ShutdownHow;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.TimeoutError;
import io.socketkit.examples.Cli;
import io.socketkit.examples.Converters;
import io.socketkit.examples.ExampleKind;
import io.socketkit.examples.Transports;
import io.socketkit.spi.SocketProvider;
import io.socketkit.ssl.SslContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code client}: netcat on socketkit. Streams: stdin to the socket and the socket to stdout until the
 * server closes (exit 0), as {@code nc} does: the end of stdin only shuts the socket's sending side. Datagrams: one datagram per stdin line, each reply printed as a line.
 */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Copies stdin to a socket and the socket to stdout.")
public final class ClientCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(ClientCommand.class.getName());

    @Option(names = "--kind", defaultValue = "tcp", converter = Converters.KindConverter.class,
            description = "tcp, udp, unix or unix-dgram (default: ${DEFAULT-VALUE})")
    private ExampleKind kind;

    @Option(names = "--connect", required = true, description = "HOST:PORT or a Unix path")
    private String connect;

    @Option(names = "--transport", defaultValue = "auto", converter = Converters.TransportConverter.class, description = "auto, nio, epoll, io_uring or kqueue (default: ${DEFAULT-VALUE})")
    private String transport;

    @Option(names = "--reply-timeout", defaultValue = "2s", converter = Converters.DurationConverter.class,
            description = "datagram kinds: how long to wait for each reply (500ms, 2s, PT2S; default: ${DEFAULT-VALUE})")
    private Duration replyTimeout;

    @Option(names = "--tls", description = "speak TLS (tcp and unix): the system's CAs, the host name checked")
    private boolean tls;

    @Option(names = "--ca", paramLabel = "FILE", description = "with --tls: trust the CA certificates in this PEM file instead")
    private Path ca;

    @Option(names = "--insecure", description = "with --tls: check neither the certificate nor the host name")
    private boolean insecure;

    @Option(names = "--server-name", paramLabel = "NAME",
            description = "with --tls: the name to ask for and check (default: the host of --connect; needed for unix)")
    private String serverName;

    @Spec
    private CommandSpec spec;

    private InputStream in = System.in;
    private OutputStream out = System.out;

    /**
     * Streams to use instead of stdin and stdout (tests, embedding).
     *
     * @param in the input
     * @param out the output
     * @return this command
     */
    public ClientCommand withStreams(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        Cli.positive(spec, "--reply-timeout", replyTimeout);
        SocketAddress address = Cli.address(spec, "--connect", connect, kind);
        SocketProvider provider = Transports.provider(transport);
        if (kind.type() == SocketType.STREAM) {
            return stream(provider, address);
        }
        return datagrams(provider, address);
    }

    /** The client's TLS context, or null without {@code --tls}. */
    private SslContext tlsContext() throws IOException {
        if (!tls) {
            if (ca != null || insecure || serverName != null) {
                throw new ParameterException(spec.commandLine(), "--ca, --insecure and --server-name go with --tls");
            }
            return null;
        }
        if (kind.type() != SocketType.STREAM) {
            throw new ParameterException(spec.commandLine(), "--tls is for tcp and unix, not " + kind.label());
        }
        if (insecure) {
            return SslContext.createDefaultContext().withCheckHostname(false).withVerifyMode(SslContext.VerifyMode.CERT_NONE);
        }
        SslContext context = SslContext.createDefaultContext();
        return ca != null ? context.withVerifyLocations(ca) : context;
    }

    private String tlsName(SocketAddress address) {
        if (serverName != null || insecure) {
            return serverName;
        }
        if (address instanceof java.net.InetSocketAddress) {
            return ((java.net.InetSocketAddress) address).getHostString();
        }
        throw new ParameterException(spec.commandLine(), "--tls over a Unix socket needs --server-name (or --insecure)");
    }

    private int stream(SocketProvider provider, SocketAddress address) throws Exception {
        SslContext context = tlsContext();
        try (Socket sock = provider.createConnection(address, null)) {
            if (context != null) {
                context.wrapSocket(sock, tlsName(address));
            }
            // Like nc: the client ends when the server closes, whether or not stdin has ended, so stdin is
            // copied on a daemon thread (a read of stdin cannot be interrupted) and this thread reads the socket.
            Thread writer = new Thread(() -> copyInput(sock), "stdin-to-socket");
            writer.setDaemon(true);
            writer.start();
            for (byte[] data = sock.recv(65536); data.length > 0; data = sock.recv(65536)) {
                out.write(data);
                out.flush();
            }
        }
        return 0;
    }

    /** Stdin to the socket, then SHUT_WR; stops quietly when the socket is gone (the reader reports the end). */
    private void copyInput(Socket sock) {
        byte[] buffer = new byte[65536];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sock.sendAll(Arrays.copyOf(buffer, n));
            }
            sock.shutdown(ShutdownHow.SHUT_WR);
        } catch (IOException e) {
            // EPIPE or ECONNRESET after the server closed, or the socket closed by the reader's end.
            LOG.log(System.Logger.Level.DEBUG, "stdin to the socket stopped", e);
        }
    }

    private int datagrams(SocketProvider provider, SocketAddress address) throws Exception {
        tlsContext();
        Path directory = null;
        try (Socket sock = provider.socket(io.socketkit.AddressFamily.of(address), SocketType.DGRAM)) {
            if (kind.isUnix()) {
                // An unbound Unix datagram sender gets no replies: bind to a temporary path.
                directory = Files.createTempDirectory("socketkit-client");
                sock.bind(UnixDomainSocketAddress.of(directory.resolve("c.sock")));
            }
            sock.connect(address);
            sock.setTimeout(replyTimeout);
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                sock.send(line.getBytes(StandardCharsets.UTF_8));
                try {
                    out.write(sock.recv(65535));
                    out.write('\n');
                    out.flush();
                } catch (TimeoutError e) {
                    LOG.log(System.Logger.Level.WARNING, "no reply within {0}", replyTimeout);
                }
            }
        } finally {
            if (directory != null) {
                Files.deleteIfExists(directory.resolve("c.sock"));
                Files.deleteIfExists(directory);
            }
        }
        return 0;
    }
}
