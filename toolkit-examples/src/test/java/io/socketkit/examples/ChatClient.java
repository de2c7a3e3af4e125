package io.socketkit.examples;

import io.socketkit.Socket;
import io.socketkit.Sockets;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A chat client for tests, reading whole lines (a receive waits at most 20 s, then fails). */
final class ChatClient implements AutoCloseable {
    final Socket socket;
    /** Received, not yet returned: {@code buffer[start..end)}. */
    private byte[] buffer = new byte[65536];
    private int start;
    private int end;

    ChatClient(SocketAddress address) throws IOException {
        socket = Sockets.createConnection(address, Duration.ofSeconds(20));
    }

    void send(String text) throws IOException {
        socket.sendAll(text.getBytes(StandardCharsets.UTF_8));
    }

    void line(String text) throws IOException {
        send(text + "\n");
    }

    /** The next line, without its newline; null at end of stream. */
    String read() throws IOException {
        while (true) {
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    String line = new String(buffer, start, i - start, StandardCharsets.UTF_8);
                    start = i + 1;
                    return line;
                }
            }
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            int n = socket.recvInto(ByteBuffer.wrap(buffer, end, buffer.length - end));
            if (n == 0) {
                return null;
            }
            end += n;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
