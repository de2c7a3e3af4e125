package io.socketkit.netty.internal;

import io.socketkit.Socket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Objects;

/** Python's {@code makefile}: streams over a socket's {@code recv} and {@code sendAll}. */
final class SocketStreams {
    private SocketStreams() {
    }

    static InputStream input(Socket socket) {
        return new InputStream() {
            private boolean timedOut;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                Objects.checkFromIndexSize(offset, length, buffer.length);
                if (timedOut) {
                    throw new IOException("cannot read from timed out object");
                }
                if (length == 0) {
                    return 0;
                }
                int got;
                try {
                    // Straight into the caller's array: one copy from what arrived.
                    got = socket.recvInto(ByteBuffer.wrap(buffer, offset, length));
                } catch (SocketTimeoutException e) {
                    timedOut = true;
                    throw e;
                }
                return got == 0 ? -1 : got;
            }
        };
    }

    static OutputStream output(Socket socket) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                socket.sendAll(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                Objects.checkFromIndexSize(offset, length, buffer.length);
                if (length > 0) {
                    byte[] data = offset == 0 && length == buffer.length
                            ? buffer : java.util.Arrays.copyOfRange(buffer, offset, offset + length);
                    socket.sendAll(data);
                }
            }
        };
    }
}
