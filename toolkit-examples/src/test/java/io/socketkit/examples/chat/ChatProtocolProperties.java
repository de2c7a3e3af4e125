package io.socketkit.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketkit.server.Connection;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The chat protocol against hostile input, property by property (jqwik): random bytes, invalid UTF-8,
 * lines far over the limit, commands, all cut into random pieces as TCP may deliver them. The handler
 * runs on a recording {@link Connection}, no sockets: thousands of cases in a second.
 */
class ChatProtocolProperties {
    private static final int MAX_LINE = 64;

    /**
     * A connection that records what is written to it. Like the server's, {@code close()} flushes and
     * closes later: until then it is still open, and reads already made may still arrive.
     */
    static final class Recorder implements Connection {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        boolean open = true;
        boolean closing;
        long pending;
        boolean writable = true;
        /** Called after each write with what was written (a test's way in between two of the room's writes). */
        java.util.function.Consumer<String> onWrite = text -> { };
        boolean paused;
        int high = 64 * 1024;
        final java.util.ArrayDeque<Runnable> tasks = new java.util.ArrayDeque<>();
        /** Like the server's, abort() closes later: the connection stays open until then. */
        boolean abortLater;
        int aborts;
        int flushes;
        /** How much of {@link #written} the last flush sent. */
        int flushed;

        @Override
        public SocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 7008);
        }

        @Override
        public SocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 40000);
        }

        @Override
        public void write(ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            write(bytes);
        }

        @Override
        public void write(byte[] data) {
            if (open && !closing) {
                written.writeBytes(data);
                onWrite.accept(new String(data, StandardCharsets.UTF_8));
            }
        }

        @Override
        public void flush() {
            flushes++;
            flushed = written.size();
        }

        @Override
        public boolean isWritable() {
            return writable;
        }

        @Override
        public void setWriteBufferLimits(int high, int low) {
            this.high = high;
        }

        @Override
        public long pendingOutputBytes() {
            return pending;
        }

        @Override
        public void pauseReading() {
            paused = true;
        }

        @Override
        public void resumeReading() {
            paused = false;
        }

        /** Tasks run later, by {@link #runTasks()}, as the event loop would. */
        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runTasks() {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                if (open) {
                    task.run();
                }
            }
        }

        @Override
        public void close() {
            closing = true;
        }

        @Override
        public void abort() {
            aborts++;
            if (!abortLater) {
                open = false;
            }
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        List<String> lines() {
            String text = written.toString(StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            assertThat(lines.remove(lines.size() - 1)).as("every write ends with a newline").isEmpty();
            return lines;
        }
    }

    /** What two clients saw after one of them sent {@code input} cut at {@code cuts}. */
    record Seen(List<String> sender, List<String> other) {
    }

    private static Seen run(byte[] input, List<Integer> cuts) {
        ChatRoom room = new ChatRoom(10);
        Recorder senderConnection = new Recorder();
        Recorder otherConnection = new Recorder();
        ChatHandler sender = new ChatHandler(room, MAX_LINE);
        ChatHandler other = new ChatHandler(room, MAX_LINE);
        sender.onOpen(senderConnection);
        other.onOpen(otherConnection);
        int from = 0;
        for (int cut : cuts) {
            int to = Math.min(input.length, Math.max(from, cut));
            sender.onData(senderConnection, ByteBuffer.wrap(input, from, to - from).asReadOnlyBuffer());
            from = to;
        }
        sender.onData(senderConnection, ByteBuffer.wrap(input, from, input.length - from).asReadOnlyBuffer());
        sender.onClose(senderConnection);
        return new Seen(senderConnection.lines(), otherConnection.lines());
    }

    @Provide
    Arbitrary<byte[]> hostileInput() {
        Arbitrary<byte[]> piece = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.of("\n", "\r\n", "\r", "\u001b[2J", "\u0000\u0007\b\u007f", "\u0085\u202e\u2066\u200f\u061c",
                        " \t ", "/QUIT\n", "/Nick\n", "/msg guest2 \n", "/nick ", "/nick bob\n", "/who\n", "/msg guest2 hi\n", "/msg\n",
                        "/help\n", "/quit\n", "/bogus\n", "hello\n", "\u00e9\u4e2d\n")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                // Invalid UTF-8: lone continuation bytes, a cut multi-byte sequence, overlong forms.
                Arbitraries.of("\u0080", "\u00e4\u00b8", "\u00c0\u00af", "\u00ff\u00fe")
                        .map(s -> s.getBytes(StandardCharsets.ISO_8859_1)),
                // Far over the line limit, with and without an end.
                Arbitraries.integers().between(MAX_LINE - 2, MAX_LINE * 40).map(n -> "x".repeat(n).getBytes(StandardCharsets.US_ASCII)));
        return piece.list().ofMaxSize(30).map(pieces -> {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            pieces.forEach(all::writeBytes);
            return all.toByteArray();
        });
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 4000).list().ofMaxSize(20).map(list -> list.stream().sorted().toList());
    }

    @Property(tries = 300)
    void howTheBytesArriveChangesNothing(@ForAll("hostileInput") byte[] input, @ForAll("cuts") List<Integer> cuts) {
        assertThat(run(input, cuts)).isEqualTo(run(input, List.of()));
    }

    @Property(tries = 300)
    void everyLineSentIsBoundedValidUtf8(@ForAll("hostileInput") byte[] input, @ForAll("cuts") List<Integer> cuts) {
        Seen seen = run(input, cuts);
        int newlines = 0;
        for (byte b : input) {
            newlines += b == '\n' ? 1 : 0;
        }
        for (String line : seen.other()) {
            assertThat(strictUtf8(line)).isTrue();
            assertThat(line.chars().noneMatch(c -> ChatText.isHidden((char) c))).as("no control character in %s", line).isTrue();
            // "NICK: " + a line of at most MAX_LINE bytes (each invalid byte one U+FFFD, 3 bytes).
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(32 + 2 + 3 * MAX_LINE + 32);
        }
        // The other client hears at most one line per line sent, plus an unterminated last one, the
        // sender's join, rename and leave.
        assertThat(seen.other().size()).isLessThanOrEqualTo(newlines + 4);
    }

    @Property(tries = 200)
    void anOverlongLineIsRefusedOnceAndTheNextIsServed(@ForAll("overLong") int length, @ForAll("cuts") List<Integer> cuts) {
        byte[] input = ("x".repeat(length) + "\nafter\n").getBytes(StandardCharsets.US_ASCII);
        Seen seen = run(input, cuts);
        assertThat(seen.sender()).filteredOn(l -> l.startsWith("! line too long")).hasSize(1);
        assertThat(seen.other()).contains("guest1: after").noneMatch(l -> l.contains("xxxx"));
    }

    @Example
    void nothingIsReadAfterQuitWhicheverReadItCameIn() {
        byte[] input = "/quit\nlate line\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(run(input, List.of(6)).other()).noneMatch(l -> l.contains("late"));
        assertThat(run(input, List.of()).other()).noneMatch(l -> l.contains("late"));
    }

    @Provide
    Arbitrary<Integer> overLong() {
        return Arbitraries.integers().between(MAX_LINE + 1, MAX_LINE * 100);
    }

    @Property(tries = 100)
    void aLineAtTheLimitPasses(@ForAll("crlf") boolean crlf, @ForAll("cuts") List<Integer> cuts) {
        byte[] input = ("y".repeat(MAX_LINE) + (crlf ? "\r\n" : "\n")).getBytes(StandardCharsets.US_ASCII);
        Seen seen = run(input, cuts);
        assertThat(seen.other()).contains("guest1: " + "y".repeat(MAX_LINE));
        assertThat(seen.sender()).noneMatch(l -> l.startsWith("!"));
    }

    @Provide
    Arbitrary<Boolean> crlf() {
        return Arbitraries.of(true, false);
    }

    private static boolean strictUtf8(String line) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            return !line.chars().anyMatch(c -> c == '\n');
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
