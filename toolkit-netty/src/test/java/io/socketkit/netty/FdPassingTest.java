package io.socketkit.netty;

import static io.socketkit.netty.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.unix.FileDescriptor;
import io.socketkit.AddressFamily;
import io.socketkit.Descriptor;
import io.socketkit.Errno;
import io.socketkit.FdMessage;
import io.socketkit.Selector;
import io.socketkit.SelectorEvent;
import io.socketkit.Socket;
import io.socketkit.SocketPair;
import io.socketkit.SocketType;
import io.socketkit.netty.internal.NettySockets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Python's {@code send_fds}/{@code recv_fds} (SCM_RIGHTS) over Unix stream and seqpacket sockets: an open
 * file's descriptor sent, read on the other side, owned and closed by the receiver. EPOLL with Java 22+
 * (the {@code servers-on-jdk25} execution); elsewhere the refusal is checked and the rest skips.
 */
class FdPassingTest extends SocketTestSupport {

    private static NettyProvider epoll() {
        NettyProvider provider = Matrix.provider(Transport.EPOLL);
        assumeTrue(Transport.EPOLL.supports(AddressFamily.UNIX, SocketType.SEQPACKET),
                () -> "passing descriptors: " + NettySockets.packetSocketsNeed(Transport.EPOLL));
        return provider;
    }

    private SocketPair pair(SocketType type) throws Exception {
        SocketPair pair = epoll().socketPair(AddressFamily.UNIX, type);
        track(pair.first());
        track(pair.second());
        return pair;
    }

    /**
     * A new file opened for writing by Netty's public {@link FileDescriptor#from} (Java has no number for
     * its own files).
     */
    private FileDescriptor openFile(Path file) throws Exception {
        return FileDescriptor.from(file.toFile());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SocketType.class, names = {"STREAM", "SEQPACKET"})
    @DisplayName("an open file's descriptor sent with bytes, written through on the other side, closed by the receiver")
    void passesAnOpenFile(SocketType type) throws Exception {
        SocketPair pair = pair(type);
        Path path = tempDir.resolve("passed.txt");
        FileDescriptor file = openFile(path);
        try {
            assertThat(pair.first().sendFds("with a file".getBytes(StandardCharsets.US_ASCII), file.intValue())).isEqualTo(11);
        } finally {
            file.close();
        }
        try (FdMessage message = pair.second().recvFds(100, 4)) {
            assertThat(message.data()).isEqualTo(ascii("with a file"));
            assertThat(message.truncated()).isFalse();
            assertThat(message.descriptors()).hasSize(1);
            Descriptor received = message.descriptors().get(0);
            assertThat(received.fd()).isNotNegative();
            // The sender's copy is closed: what arrives in the file came through the receiver's.
            assertThat(received.write(ByteBuffer.wrap(ascii("written by the receiver")))).isEqualTo(23);
            assertThat(Files.readString(path)).isEqualTo("written by the receiver");
            received.close();
            assertThat(received.fd()).isEqualTo(-1);
            assertErrno(() -> received.read(ByteBuffer.allocate(1)), Errno.EBADF);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SocketType.class, names = {"STREAM", "SEQPACKET"})
    @DisplayName("a pipe's read end passed: the receiver reads what was written into the pipe before")
    void passesAPipe(SocketType type) throws Exception {
        SocketPair pair = pair(type);
        FileDescriptor[] pipe = FileDescriptor.pipe();
        try {
            ByteBuffer written = ByteBuffer.allocateDirect(9).put(ascii("in a pipe")).flip();
            assertThat(pipe[1].write(written, 0, 9)).isEqualTo(9);
            pair.first().sendFds(ascii("p"), pipe[0].intValue());
        } finally {
            pipe[0].close();
            pipe[1].close();
        }
        try (FdMessage message = pair.second().recvFds(10, 1)) {
            ByteBuffer read = ByteBuffer.allocate(20);
            // The bytes were in the pipe before it was passed: the read takes them at once.
            assertThat(message.descriptors().get(0).read(read)).isEqualTo(9);
            assertThat(read.flip()).isEqualTo(ByteBuffer.wrap(ascii("in a pipe")));
            ByteBuffer end = ByteBuffer.allocate(1);
            assertThat(message.descriptors().get(0).read(end)).as("the write end is closed everywhere: EOF").isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SocketType.class, names = {"STREAM", "SEQPACKET"})
    @DisplayName("a socket's own descriptor passed: the receiver's copy reaches the same peer; more than maxfds is truncated")
    void passesASocketAndTruncates(SocketType type) throws Exception {
        SocketPair carrier = pair(type);
        SocketPair target = pair(SocketType.STREAM);
        carrier.first().sendFds(ascii("s"), target.first().fileno(), target.first().fileno());
        try (FdMessage message = carrier.second().recvFds(10, 1)) {
            assertThat(message.descriptors()).hasSize(1);
            assertThat(message.truncated()).as("a second descriptor did not fit: MSG_CTRUNC").isTrue();
            Descriptor copy = message.descriptors().get(0);
            assertThat(copy.write(ByteBuffer.wrap(ascii("via the copy")))).isEqualTo(12);
            assertThat(recvExactly(target.second(), 12)).isEqualTo(ascii("via the copy"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SocketType.class, names = {"STREAM", "SEQPACKET"})
    @DisplayName("bytes without descriptors come with none; non-blocking recv_fds with nothing there is EAGAIN; EOF is empty")
    void plainBytesAndModes(SocketType type) throws Exception {
        SocketPair pair = pair(type);
        pair.second().setBlocking(false);
        assertErrno(() -> pair.second().recvFds(10, 1), Errno.EAGAIN);
        pair.second().setBlocking(true);
        pair.first().sendAll(ascii("plain"));
        try (FdMessage message = pair.second().recvFds(10, 1)) {
            assertThat(message.data()).isEqualTo(ascii("plain"));
            assertThat(message.descriptors()).isEmpty();
        }
        pair.first().close();
        assertThat(pair.second().recvFds(10, 1).data()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    @DisplayName("a Unix stream socket a selector watches refuses (its event loop reads ahead): EOPNOTSUPP saying why")
    void watchedStreamRefuses() throws Exception {
        SocketPair pair = pair(SocketType.STREAM);
        try (Selector selector = epoll().selector()) {
            selector.register(pair.second(), EnumSet.of(SelectorEvent.READ), null);
            assertErrno(() -> pair.second().recvFds(10, 1), Errno.EOPNOTSUPP).hasMessageContaining("selector");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.socketkit.netty.Matrix#transports")
    @DisplayName("TCP and UDP sockets, and transports without the fast path's descriptor: EOPNOTSUPP")
    void refusedElsewhere(Transport transport) throws Exception {
        Socket tcp = connectedPair(transport, AddressFamily.INET)[0];
        assertErrno(() -> tcp.sendFds(ascii("x"), 0), Errno.EOPNOTSUPP);
        assertErrno(() -> tcp.recvFds(1, 1), Errno.EOPNOTSUPP);
        Socket unix = connectedPair(transport, AddressFamily.UNIX)[0];
        assumeTrue(transport != Transport.EPOLL || !Transport.EPOLL.supports(AddressFamily.UNIX, SocketType.SEQPACKET),
                () -> transport + " passes descriptors on this JVM");
        assertErrno(() -> unix.sendFds(ascii("x"), 0), Errno.EOPNOTSUPP).hasMessageContaining("EPOLL");
    }
}
