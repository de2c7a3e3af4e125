package io.socketkit.examples.selftest;

import io.socketkit.AddressFamily;
import io.socketkit.Errno;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.Sockets;
import io.socketkit.examples.ExampleKind;
import io.socketkit.spi.SocketProvider;
import java.io.Closeable;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code selftest}: every transport × kind on this machine — bind, connect, one round trip on loopback
 * or a temp path — and a table of what works and, for what does not, why in words ("macOS/BSD only",
 * "epoll only"). Exit code 0 when NIO TCP works.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true, description = "Tries every transport and kind here.")
public final class SelftestCommand implements Callable<Integer> {
    private static final String[] TRANSPORTS = {"nio", "epoll", "io_uring", "kqueue"};
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);
    /** The transports that have a pair, in ESOCKTNOSUPPORT's message: "...; use [EPOLL, KQUEUE]". */
    private static final Pattern USE = Pattern.compile("use \\[([^\\]]*)\\]");

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("| transport | tcp | udp | unix | unix-dgram |");
        out.println("| --- | --- | --- | --- | --- |");
        boolean nioTcp = false;
        for (String transport : TRANSPORTS) {
            StringBuilder row = new StringBuilder("| " + transport + " |");
            SocketProvider provider;
            try {
                provider = Sockets.provider(transport);
            } catch (RuntimeException e) {
                String why = unavailable(e);
                out.println(row + (" " + why + " |").repeat(ExampleKind.values().length));
                continue;
            }
            for (ExampleKind kind : ExampleKind.values()) {
                String result;
                try {
                    roundTrip(provider, kind);
                    result = "ok";
                    nioTcp |= transport.equals("nio") && kind == ExampleKind.TCP;
                } catch (Exception e) {
                    result = failed(e);
                }
                row.append(' ').append(result).append(" |");
            }
            out.println(row);
            if (provider instanceof Closeable && provider != Sockets.provider()) {
                ((Closeable) provider).close();
            }
        }
        out.flush();
        return nioTcp ? 0 : 1;
    }

    /** A transport that is not here, in words: "macOS/BSD only", "Linux only", or Netty's reason. */
    static String unavailable(Throwable e) {
        String all = causes(e);
        if (all.contains("OSX/BSD")) {
            return "no (macOS/BSD only)";
        }
        if (all.contains("Linux")) {
            return "no (Linux only)";
        }
        return "no (not available: " + root(e) + ")";
    }

    /** A kind that failed, in words: the transports that have it, or what went wrong. */
    static String failed(Throwable e) {
        if (Errno.of(e) == Errno.ESOCKTNOSUPPORT) {
            Matcher use = USE.matcher(String.valueOf(e.getMessage()));
            return use.find() ? "no (" + use.group(1).toLowerCase(Locale.ROOT).replace(", ", " or ") + " only)" : "no (not on this transport)";
        }
        return "no (" + root(e) + ")";
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        // A cause chain is short; the bound guards against a cycle.
        Throwable t = e;
        for (int i = 0; t != null && i < 10; i++, t = t.getCause()) {
            text.append(t.getMessage()).append(' ');
        }
        return text.toString();
    }

    private static String root(Throwable e) {
        Throwable t = e;
        for (int i = 0; t.getCause() != null && t.getCause() != t && i < 10; i++) {
            t = t.getCause();
        }
        String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return text.replace('\n', ' ').replace('|', '/');
    }

    /** Bind, connect, one round trip. */
    static void roundTrip(SocketProvider provider, ExampleKind kind) throws Exception {
        Path directory = kind.isUnix() ? Files.createTempDirectory("socketkit-selftest") : null;
        AddressFamily family = kind.isUnix() ? AddressFamily.UNIX : AddressFamily.INET;
        SocketAddress serverAddress = kind.isUnix() ? UnixDomainSocketAddress.of(directory.resolve("s"))
                : new InetSocketAddress("127.0.0.1", 0);
        try (Socket server = provider.socket(family, kind.type()); Socket client = provider.socket(family, kind.type())) {
            server.setTimeout(Duration.ofSeconds(5));
            client.setTimeout(Duration.ofSeconds(5));
            server.bind(serverAddress);
            if (kind.type() == SocketType.STREAM) {
                server.listen();
                client.connect(server.getSockName());
                try (Socket conn = server.accept().connection()) {
                    client.sendAll(PING);
                    conn.sendAll(conn.recv(PING.length));
                    check(client.recv(PING.length));
                }
            } else {
                if (kind.isUnix()) {
                    client.bind(UnixDomainSocketAddress.of(directory.resolve("c")));
                }
                client.sendTo(PING, server.getSockName());
                io.socketkit.Datagram got = server.recvFrom(PING.length);
                server.sendTo(got.data(), got.address());
                check(client.recv(PING.length));
            }
        } finally {
            if (directory != null) {
                Files.deleteIfExists(directory.resolve("s"));
                Files.deleteIfExists(directory.resolve("c"));
                Files.deleteIfExists(directory);
            }
        }
    }

    private static void check(byte[] reply) {
        if (!Arrays.equals(reply, PING)) {
            throw new IllegalStateException("round trip returned " + new String(reply, StandardCharsets.US_ASCII));
        }
    }
}
