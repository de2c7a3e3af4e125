package io.socketkit.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketkit.examples.chat.ChatProtocolProperties.Recorder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The room's bound on what may wait for one client. */
class ChatRoomTest {
    /** A client that joined the room and only listens. */
    private static Recorder listener(ChatRoom room) {
        Recorder connection = new Recorder();
        new ChatHandler(room, 64).onOpen(connection);
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

    @Test
    @DisplayName("a client with more than maxPendingBytes waiting is disconnected and counted; at the bound it is not")
    void maxPendingBytes() {
        ChatRoom room = new ChatRoom(10, 100);
        Talker talker = new Talker(room);
        Recorder atBound = listener(room);
        Recorder overBound = listener(room);
        atBound.pending = 100;
        overBound.pending = 101;

        talker.say("hello");

        assertThat(atBound.isOpen()).isTrue();
        assertThat(atBound.lines()).endsWith("guest1: hello");
        assertThat(overBound.isOpen()).as("disconnected").isFalse();
        assertThat(overBound.lines()).doesNotContain("guest1: hello");
        assertThat(room.slowDisconnects()).isEqualTo(1);
    }

    @Test
    @DisplayName("a client being dropped (its close still under way) is dropped, counted and logged once")
    void droppedOnce() {
        ChatRoom room = new ChatRoom(10, 100);
        Talker talker = new Talker(room);
        Recorder slow = listener(room);
        slow.pending = 101;
        slow.abortLater = true;

        talker.say("one");
        talker.say("two");

        assertThat(slow.aborts).isEqualTo(1);
        assertThat(room.slowDisconnects()).isEqualTo(1);
        assertThat(slow.lines()).doesNotContain("guest1: one", "guest1: two");
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
    @DisplayName("the bound must be positive")
    void positiveBound() {
        assertThatThrownBy(() -> new ChatRoom(10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPendingBytes");
    }
}
