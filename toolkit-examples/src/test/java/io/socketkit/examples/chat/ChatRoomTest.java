package io.socketkit.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketkit.examples.chat.ChatProtocolProperties.Recorder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The room's bound on what may wait for one client. */
class ChatRoomTest {
    /** The handlers of the listeners, by their connections. */
    private final java.util.Map<Recorder, ChatHandler> handlers = new java.util.HashMap<>();

    /** A client that joined the room and only listens. */
    private Recorder listener(ChatRoom room) {
        Recorder connection = new Recorder();
        ChatHandler handler = new ChatHandler(room, 64);
        handler.onOpen(connection);
        handlers.put(connection, handler);
        return connection;
    }

    /** The client that talks in a test: its connection and its handler; it joins first, as guest1. */
    private static final class Talker {
        final Recorder connection = new Recorder();
        final ChatHandler handler;

        Talker(ChatRoom room) {
            handler = new ChatHandler(room, 64);
            handler.onOpen(connection);
        }

        /** One read bringing this text. */
        void reads(String text) {
            handler.onData(connection, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer());
        }

        void say(String line) {
            reads(line + "\n");
        }
    }

    private static final java.time.Duration STALL = java.time.Duration.ofSeconds(10);
    private static final long SECOND = 1_000_000_000L;

    @Test
    @DisplayName("a talker whose line leaves a recipient not writable stops reading, holds the rest, and goes on once it drains")
    void talkerWaitsForAFullRecipient() {
        ChatRoom room = new ChatRoom(10, 100);
        Talker talker = new Talker(room);
        Recorder full = listener(room);
        assertThat(full.high).as("the room's bound is the connection's high water mark").isEqualTo(100);
        full.writable = false;

        talker.reads("one\ntwo\nthree\n");

        assertThat(talker.connection.paused).isTrue();
        assertThat(full.lines()).endsWith("guest1: one");
        assertThat(full.flushed).as("what was written is flushed, so that it can drain").isEqualTo(full.written.size());
        talker.reads("four\n");
        assertThat(full.lines()).as("a read under way when reading paused waits behind the rest").endsWith("guest1: one");

        handlers.get(full).onWritabilityChanged(full);
        assertThat(talker.connection.tasks).as("still not writable: nothing to do").isEmpty();
        full.writable = true;
        handlers.get(full).onWritabilityChanged(full);
        talker.connection.runTasks();

        assertThat(full.lines()).endsWith("guest1: one", "guest1: two", "guest1: three", "guest1: four");
        assertThat(talker.connection.paused).isFalse();
        assertThat(room.slowDisconnects()).isZero();
    }

    @Test
    @DisplayName("a recipient that takes nothing for the stall timeout with more than maxPendingBytes waiting is dropped, counted, logged once a second")
    void stalledRecipientDropped() {
        ChatRoom room = new ChatRoom(10, 100);
        new Talker(room);
        Recorder stalled = listener(room);
        Recorder stalledToo = listener(room);
        Recorder draining = listener(room);
        Recorder atBound = listener(room);
        for (Recorder connection : List.of(stalled, stalledToo, draining, atBound)) {
            connection.writable = false;
        }
        stalled.pending = 101;
        stalledToo.pending = 101;
        draining.pending = 5000;
        atBound.pending = 100;
        List<LogRecord> logged = new ArrayList<>();
        Logger log = Logger.getLogger(ChatRoom.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            long t = 5 * SECOND;
            room.expireStalled(STALL, t);
            draining.pending = 4000;
            room.expireStalled(STALL, t + STALL.toNanos() - 1);
            assertThat(stalled.aborts).as("not yet").isZero();
            draining.pending = 3000;
            room.expireStalled(STALL, t + STALL.toNanos());
            assertThat(stalled.aborts).isEqualTo(1);
            assertThat(stalledToo.aborts).isEqualTo(1);
            assertThat(draining.aborts).as("it took something").isZero();
            assertThat(atBound.aborts).as("not more than the bound").isZero();
            assertThat(room.slowDisconnects()).isEqualTo(2);

            room.expireStalled(STALL, t + 2 * STALL.toNanos());
            room.expireStalled(STALL, t + 3 * STALL.toNanos());
            assertThat(draining.aborts).as("it took nothing since, dropped once").isEqualTo(1);
            assertThat(stalled.aborts).as("dropped once").isEqualTo(1);
            assertThat(room.slowDisconnects()).isEqualTo(3);
        } finally {
            log.removeHandler(handler);
        }
        assertThat(logged).as("two drops in the same second, one line; the next says two since").hasSize(2);
        assertThat(logged.get(0).getMessage()).contains("took nothing");
        assertThat(logged.get(1).getParameters()[5]).isEqualTo(2L);
    }

    @Test
    @DisplayName("the lines of one read batch reach each recipient with one flush, when the read completes")
    void oneFlushPerReadBatch() {
        ChatRoom room = new ChatRoom(10, 1 << 20);
        Talker talker = new Talker(room);
        Recorder listener = listener(room);
        int welcomed = listener.flushes;
        assertThat(listener.flushed).as("the welcome is flushed at once").isEqualTo(listener.written.size());

        talker.reads("one\ntwo\nthree\n/who\n");
        assertThat(listener.flushes).as("nothing flushed before the read completes").isEqualTo(welcomed);
        talker.handler.onReadComplete(talker.connection);

        assertThat(listener.flushes).isEqualTo(welcomed + 1);
        assertThat(listener.flushed).isEqualTo(listener.written.size());
        assertThat(listener.lines()).endsWith("guest1: one", "guest1: two", "guest1: three");
        assertThat(talker.connection.flushed).as("the talker's own reply too").isEqualTo(talker.connection.written.size());
        assertThat(talker.connection.lines()).last().asString().startsWith("* online: ");
    }

    @Test
    @DisplayName("a newcomer's first line is its welcome, even when another client joins while its own join is announced")
    void welcomeFirst() {
        ChatRoom room = new ChatRoom(10, 1 << 20);
        Recorder first = listener(room);
        Recorder[] third = new Recorder[1];
        // While the room tells the first client that the second joined, a third joins.
        first.onWrite = text -> {
            if (text.equals("* guest2 joined\n")) {
                third[0] = listener(room);
            }
        };
        Recorder second = listener(room);
        assertThat(third[0]).isNotNull();
        assertThat(second.lines()).containsExactly("* welcome guest2", "* guest3 joined");
        assertThat(third[0].lines()).containsExactly("* welcome guest3");
        assertThat(first.lines()).containsExactly("* welcome guest1", "* guest2 joined", "* guest3 joined");
    }

    @Test
    @DisplayName("the bound must be positive")
    void positiveBound() {
        assertThatThrownBy(() -> new ChatRoom(10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPendingBytes");
    }
}
