package io.socketkit.netty;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What socket tests share: sockets closed after each test, loopback addresses per family. */
public abstract class SocketTestSupport {
    private final List<Socket> opened = new ArrayList<>();
    private final AtomicInteger names = new AtomicInteger();

    /** Unix socket files go here. */
    @TempDir
    protected Path tempDir;

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket sock : opened) {
            sock.close();
        }
        opened.clear();
    }

    /** Reads exactly {@code size} bytes; fails at an early end of stream. */
    static byte[] recvExactly(Socket sock, int size) throws IOException {
        java.nio.ByteBuffer got = java.nio.ByteBuffer.allocate(size);
        while (got.hasRemaining()) {
            byte[] chunk = sock.recv(got.remaining());
            org.assertj.core.api.Assertions.assertThat(chunk)
                    .as("end of stream after %d of %d bytes", got.position(), size).isNotEmpty();
            got.put(chunk);
        }
        return got.array();
    }

    /** Sends all of {@code data} on another thread (so that the caller can read the replies meanwhile). */
    static java.util.concurrent.CompletableFuture<Void> sendAllAsync(Socket sock, byte[] data,
            java.util.concurrent.Executor executor) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                sock.sendAll(data);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, executor);
    }

    /** A new socket, closed after the test. */
    protected Socket open(Transport transport, AddressFamily family, SocketType type) throws IOException {
        return track(Matrix.provider(transport, family, type).socket(family, type));
    }

    /** Closes the socket after the test. */
    protected <S extends Socket> S track(S sock) {
        opened.add(sock);
        return sock;
    }

    /** A datagram socket bound to loopback, with a 10 s timeout, closed after the test. */
    protected Socket boundDatagram(Transport transport, AddressFamily family) throws IOException {
        Socket sock = open(transport, family, SocketType.DGRAM);
        sock.bind(loopback(family));
        sock.setTimeout(java.time.Duration.ofSeconds(10));
        return sock;
    }

    /** The text's bytes in US-ASCII. */
    static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** A loopback address to bind: port 0 for IP, a fresh file under the temp dir for Unix. */
    protected SocketAddress loopback(AddressFamily family) {
        switch (family) {
            case INET:
                return new InetSocketAddress("127.0.0.1", 0);
            case INET6:
                return new InetSocketAddress("::1", 0);
            default:
                return UnixDomainSocketAddress.of(tempDir.resolve("s" + names.incrementAndGet() + ".sock"));
        }
    }

    /** A bound, listening socket on loopback. */
    protected Socket listener(Transport transport, AddressFamily family) throws IOException {
        Socket server = open(transport, family, SocketType.STREAM);
        server.bind(loopback(family));
        server.listen(16);
        return server;
    }

    /** A connected pair over loopback: element 0 the client, 1 the accepted connection. */
    protected Socket[] connectedPair(Transport transport, AddressFamily family) throws IOException {
        Socket server = listener(transport, family);
        Socket client = open(transport, family, SocketType.STREAM);
        client.connect(server.getSockName());
        Socket accepted = track(server.accept().connection());
        return new Socket[] {client, accepted};
    }

    static InetAddress loopbackIp(AddressFamily family) throws IOException {
        return InetAddress.getByName(family == AddressFamily.INET6 ? "::1" : "127.0.0.1");
    }
}
