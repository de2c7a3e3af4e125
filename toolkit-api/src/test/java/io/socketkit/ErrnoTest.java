package io.socketkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    @DisplayName("numbers and messages are Linux's, as Python's errno and os.strerror show them")
    void linuxNumbers() {
        assertThat(Errno.EAGAIN.number()).isEqualTo(11);
        assertThat(Errno.ECONNREFUSED.number()).isEqualTo(111);
        assertThat(Errno.ECONNRESET.number()).isEqualTo(104);
        assertThat(Errno.EPIPE.number()).isEqualTo(32);
        assertThat(Errno.EADDRINUSE.number()).isEqualTo(98);
        assertThat(Errno.EINPROGRESS.number()).isEqualTo(115);
        assertThat(Errno.ESOCKTNOSUPPORT.number()).isEqualTo(94);
        assertThat(Errno.EBADF.message()).isEqualTo("Bad file descriptor");
        assertThat(Errno.ofNumber(111)).isEqualTo(Errno.ECONNREFUSED);
        assertThat(Errno.ofNumber(0)).isNull();
        assertThat(Errno.ofNumber(4000)).isNull();
    }

    @Test
    @DisplayName("each errno makes the JDK type a Java programmer catches, carrying the errno")
    void exceptionTypes() {
        InetSocketAddress where = new InetSocketAddress("127.0.0.1", 1);
        IOException refused = Errno.ECONNREFUSED.newException("connect", where);
        assertThat(refused).isInstanceOf(ConnectException.class).isInstanceOf(ConnectionRefusedError.class)
                .hasMessage("[Errno 111] Connection refused: connect");
        assertThat(((OSError) refused).address()).isEqualTo(where);
        assertThat(Errno.EADDRINUSE.newException(null, null)).isInstanceOf(BindException.class).hasMessage("[Errno 98] Address already in use");
        assertThat(Errno.ECONNRESET.newException("recv", null)).isInstanceOf(ConnectionResetError.class).isInstanceOf(SocketException.class);
        assertThat(Errno.EPIPE.newException("send", null)).isInstanceOf(BrokenPipeError.class);
        assertThat(Errno.EAGAIN.newException("recv", null)).isInstanceOf(BlockingIOError.class);
        assertThat(Errno.EINPROGRESS.newException("connect", null)).isInstanceOf(BlockingIOError.class);
        assertThat(Errno.EBADF.newException("recv", null)).isExactlyInstanceOf(SocketError.class);
        // Python's PermissionError: a raw socket without CAP_NET_RAW (EPERM), a ping socket (EACCES).
        assertThat(Errno.EPERM.newException("socket", null)).isInstanceOf(PermissionError.class)
                .hasMessage("[Errno 1] Operation not permitted: socket");
        assertThat(Errno.EACCES.newException("bind", null)).isInstanceOf(PermissionError.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PermissionError(Errno.EBADF, "x", null))
                .isInstanceOf(IllegalArgumentException.class);
        for (Errno errno : Errno.values()) {
            assertThat(Errno.of(errno.newException("x", null))).isEqualTo(errno);
        }
    }

    @Test
    @DisplayName("Errno.of reads the JDK's exceptions and causes; a timeout has none, as in Python")
    void ofJdkExceptions() {
        assertThat(Errno.of(new ClosedChannelException())).isEqualTo(Errno.EBADF);
        assertThat(Errno.of(new ConnectException("Connection refused"))).isEqualTo(Errno.ECONNREFUSED);
        assertThat(Errno.of(new IOException("Connection reset"))).isEqualTo(Errno.ECONNRESET);
        assertThat(Errno.of(new IOException("wrapped", new BindException("Address already in use")))).isEqualTo(Errno.EADDRINUSE);
        assertThat(Errno.of(new java.net.PortUnreachableException())).isEqualTo(Errno.ECONNREFUSED);
        assertThat(Errno.of(new TimeoutError("timed out", null))).isNull();
        assertThat(Errno.of(new IOException("something else"))).isNull();
        assertThat(Errno.of(new IllegalStateException("Connection refused"))).isNull();
        assertThat(Errno.of(null)).isNull();
    }
}
