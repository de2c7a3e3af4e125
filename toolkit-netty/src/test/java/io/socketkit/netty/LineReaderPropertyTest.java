package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socketkit.AddressFamily;
import io.socketkit.Socket;
import io.socketkit.SocketType;
import io.socketkit.server.ServerConfig;
import io.socketkit.server.ServerLimits;
import io.socketkit.server.ServerMetrics;
import io.socketkit.server.SocketServer;
import io.socketkit.server.StreamRequestHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code StreamRequestHandler.readLine()} against random input, property-style (seeded, so a failure
 * names the seed that reproduces it; jqwik itself needs JUnit Platform 1 and runs in toolkit-examples):
 * random bytes in lines of random length around the limit, sent in random pieces. The handler sees
 * exactly the lines the model says, in order, up to the first line over {@code maxLineLength}, which
 * ends the request and is counted.
 */
class LineReaderPropertyTest extends ServerTestSupport {
    private static final int MAX_LINE = 64;

    /** Records every line it reads; the list is shared through the test's field. */
    static final class Recording extends StreamRequestHandler {
        static final List<byte[]> LINES = new CopyOnWriteArrayList<>();

        @Override
        protected void handle() throws IOException {
            for (byte[] line = readLine(); line.length > 0; line = readLine()) {
                LINES.add(line);
            }
        }
    }

    private static String text(byte[] line) {
        return new String(line, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static Stream<Arguments> seeds() {
        return Matrix.transports().flatMap(t -> IntStream.rangeClosed(1, 8).mapToObj(seed -> Arguments.of(t, seed)));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("seeds")
    void linesAreCutWhereTheModelSaysWhateverThePieces(Transport transport, int seed) throws Exception {
        Random random = new Random(seed);
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        List<byte[]> expected = new ArrayList<>();
        boolean overLong = false;
        for (int i = 0; i < 40; i++) {
            // Mostly short lines, some at the limit, a few over it.
            int length = random.nextInt(10) == 0 ? MAX_LINE - 1 + random.nextInt(3) : random.nextInt(MAX_LINE);
            byte[] line = new byte[length + 1];
            for (int b = 0; b < length; b++) {
                byte value = (byte) (1 + random.nextInt(255));
                line[b] = value == '\n' ? (byte) 'y' : value;
            }
            line[length] = '\n';
            input.writeBytes(line);
            if (!overLong) {
                if (line.length <= MAX_LINE) {
                    expected.add(line);
                } else {
                    overLong = true;
                }
            }
        }
        Recording.LINES.clear();
        SocketServer server = serve(ServerConfig.tcp(loopback(AddressFamily.INET), Recording::new)
                .withLimits(ServerLimits.defaults().withMaxLineLength(MAX_LINE))
                .withProvider(Matrix.provider(transport, AddressFamily.INET, SocketType.STREAM)));
        Socket client = client(transport, server);
        byte[] all = input.toByteArray();
        try {
            for (int from = 0; from < all.length; ) {
                int to = Math.min(all.length, from + 1 + random.nextInt(100));
                client.sendAll(Arrays.copyOfRange(all, from, to));
                from = to;
            }
            client.shutdown(io.socketkit.ShutdownHow.SHUT_WR);
        } catch (io.socketkit.BrokenPipeError | io.socketkit.ConnectionResetError e) {
            // The server ended the request at the over-long line while we were still sending.
            assertThat(overLong).as("closed early only after an over-long line").isTrue();
        }
        assertClosedByServer(client);
        await().atMost(WAIT).until(() -> server.metrics().active() == 0);
        assertThat(Recording.LINES.stream().map(LineReaderPropertyTest::text)).as("seed %d", seed)
                .containsExactlyElementsOf(expected.stream().map(LineReaderPropertyTest::text).toList());
        assertThat(server.metrics().limitHits().get(ServerMetrics.Limit.MAX_LINE_LENGTH)).isEqualTo(overLong ? 1L : 0L);
    }
}
