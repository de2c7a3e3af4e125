package io.socketkit.netty.internal;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import io.netty.handler.codec.DecoderException;
import io.socketkit.Errno;
import io.socketkit.OSError;
import io.socketkit.TimeoutError;
import java.io.IOException;
import java.net.SocketAddress;
import javax.net.ssl.SSLException;

/** Turns what Netty and the JDK throw into socketkit's errors, each carrying its errno. */
final class NettyErrors {
    private NettyErrors() {
    }

    /**
     * The socketkit error for a failure.
     *
     * @param cause what Netty or the JDK threw
     * @param call what was being done, for the message ("connect to 127.0.0.1:80 (epoll)")
     * @param address the address involved, or null
     * @return an {@link IOException} that is an {@link OSError}
     */
    static IOException translate(Throwable cause, String call, SocketAddress address) {
        if (cause instanceof OSError && cause instanceof IOException) {
            return (IOException) cause;
        }
        if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
            // A TLS failure after the handshake (a refused renegotiation, a bad record): Python's SSLError.
            return Tls.translate(cause.getCause(), call, address);
        }
        if (cause instanceof SSLException) {
            return Tls.translate(cause, call, address);
        }
        if (cause instanceof ConnectTimeoutException) {
            return withCause(new TimeoutError("timed out: " + call, address), cause);
        }
        Errno errno = null;
        if (cause instanceof Errors.NativeIoException) {
            errno = Errno.ofNumber(-((Errors.NativeIoException) cause).expectedErr());
        }
        if (errno == null) {
            errno = Errno.of(cause);
        }
        if (errno == null) {
            errno = Errno.EIO;
            call = call + ": " + cause;
        }
        return withCause(errno.newException(call, address), cause);
    }

    private static IOException withCause(IOException error, Throwable cause) {
        error.initCause(cause);
        return error;
    }
}
