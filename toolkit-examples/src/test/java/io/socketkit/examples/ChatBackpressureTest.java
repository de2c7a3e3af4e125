package io.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chat under a talker faster than its readers: the talker is slowed down (the server stops reading
 * it), a client that reads is never cut off, one that reads nothing is, after {@code --stall-timeout}.
 */
class ChatBackpressureTest {
    private final ChatFixture fixture = new ChatFixture();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws Exception {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        fixture.close();
    }

    static Stream<Arguments> transports() {
        return Stream.of("nio", "epoll", "io_uring", "kqueue").map(Arguments::of);
    }

    private SocketAddress chat(String transport, String... extra) throws Exception {
        ExampleServers.provider(transport);
        List<String> args = new ArrayList<>(List.of("--transport", transport));
        args.addAll(List.of(extra));
        return fixture.chat(args.toArray(new String[0])).server().address();
    }

    /** Reads, on its own thread, the lines {@code from} sends: {@code count} numbered ones, in order, then "end". */
    private CompletableFuture<Integer> reader(ChatClient client, String from, IntFunction<String> line) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                int got = 0;
                for (String text = client.read(); !(from + ": end").equals(text); text = client.read()) {
                    // Not AssertJ per line: hundreds of thousands of lines.
                    String expected = from + ": " + line.apply(got);
                    if (!expected.equals(text)) {
                        throw new AssertionError("line " + got + ": expected <" + expected + "> but was <" + text + ">");
                    }
                    got++;
                }
                return got;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, threads);
    }

    private List<CompletableFuture<Integer>> readers(List<ChatClient> clients, String from, IntFunction<String> line) {
        List<CompletableFuture<Integer>> readers = new ArrayList<>();
        for (ChatClient client : clients) {
            readers.add(reader(client, from, line));
        }
        return readers;
    }

    /** Each reader got {@code lines} lines, and the talker's /who shows that no one was cut off. */
    private static void everyReaderGot(List<CompletableFuture<Integer>> readers, int lines, ChatClient talker, String online)
            throws Exception {
        for (CompletableFuture<Integer> reader : readers) {
            assertThat(reader.get(60, TimeUnit.SECONDS)).isEqualTo(lines);
        }
        talker.line("/who");
        assertThat(talker.read()).isEqualTo(online);
    }

    /** Line {@code i} of the burst: one letter. */
    private static String letter(int i) {
        return String.valueOf((char) ('a' + i % 26));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    @DisplayName("20,000 one-byte lines in one write reach three reading clients, every one, in order")
    void burstInOneWrite(String transport) throws Exception {
        List<ChatClient> room = fixture.room(chat(transport), 4);
        ChatClient talker = room.get(3);
        List<CompletableFuture<Integer>> readers = readers(room.subList(0, 3), "guest4", ChatBackpressureTest::letter);
        int lines = 20_000;
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            burst.append(letter(i)).append('\n');
        }
        talker.send(burst.append("end\n").toString());
        everyReaderGot(readers, lines, talker, "* online: guest1, guest2, guest3, guest4");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    @DisplayName("a talker flooding at full speed costs no reading client its connection: it is slowed down instead")
    void flooder(String transport) throws Exception {
        List<ChatClient> room = fixture.room(chat(transport), 6);
        ChatClient flooder = room.get(5);
        List<CompletableFuture<Integer>> readers = readers(room.subList(0, 5), "guest6", Integer::toString);
        // Bounded: at most 2 s of sending, or 30,000 lines (150,000 deliveries), whichever comes first.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int sent = 0;
        while (sent < 30_000 && System.nanoTime() < until) {
            StringBuilder chunk = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                chunk.append(sent++).append('\n');
            }
            flooder.send(chunk.toString());
        }
        flooder.line("end");
        everyReaderGot(readers, sent, flooder, "* online: guest1, guest2, guest3, guest4, guest5, guest6");
    }

    @ParameterizedTest(name = "--max-pending {0}")
    @ValueSource(strings = {"1048576", "65536"})
    @DisplayName("a client that reads nothing is disconnected once more than --max-pending bytes waited --stall-timeout; the others go on")
    void nonReader(String maxPending) throws Exception {
        SocketAddress address = fixture.chat("--max-pending", maxPending, "--stall-timeout", "300ms").server().address();
        ChatClient slow = fixture.client(address);
        slow.read();
        ChatClient talker = fixture.client(address);
        talker.read();
        ChatClient listener = fixture.client(address);
        listener.read();
        assertThat(talker.read()).isEqualTo("* guest3 joined");
        String line = "z".repeat(4000);
        boolean gone = false;
        // Bounded: 10,000 lines of 4 KB (40 MB) is far more than the bound plus the kernel's buffers.
        for (int i = 0; i < 10_000 && !gone; i++) {
            talker.line(line);
            String got = listener.read();
            if (got.equals("* guest1 left")) {
                gone = true;
                got = listener.read();
            }
            assertThat(got).as("a reading client gets every line (line %d)", i).isEqualTo("guest2: " + line);
        }
        assertThat(gone).as("the slow client was disconnected").isTrue();
        assertThat(talker.read()).isEqualTo("* guest1 left");
        talker.line("/who");
        assertThat(talker.read()).isEqualTo("* online: guest2, guest3");
        talker.line("still flowing");
        assertThat(listener.read()).isEqualTo("guest2: still flowing");
    }
}
