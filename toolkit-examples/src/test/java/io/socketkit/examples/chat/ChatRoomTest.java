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

    private static void say(ChatHandler handler, Recorder connection, String line) {
        handler.onData(connection, ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer());
    }

    @Test
    @DisplayName("a client with more than maxPendingBytes waiting is disconnected and counted; at the bound it is not")
    void maxPendingBytes() {
        ChatRoom room = new ChatRoom(10, 100);
        Recorder talker = new Recorder();
        ChatHandler talking = new ChatHandler(room, 64);
        talking.onOpen(talker);
        Recorder atBound = listener(room);
        Recorder overBound = listener(room);
        atBound.pending = 100;
        overBound.pending = 101;

        say(talking, talker, "hello");

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
        Recorder talker = new Recorder();
        ChatHandler talking = new ChatHandler(room, 64);
        talking.onOpen(talker);
        Recorder slow = listener(room);
        slow.pending = 101;
        slow.abortLater = true;

        say(talking, talker, "one");
        say(talking, talker, "two");

        assertThat(slow.aborts).isEqualTo(1);
        assertThat(room.slowDisconnects()).isEqualTo(1);
        assertThat(slow.lines()).doesNotContain("guest1: one", "guest1: two");
    }

    @Test
    @DisplayName("the lines of one read batch reach each recipient with one flush, when the read completes")
    void oneFlushPerReadBatch() {
        ChatRoom room = new ChatRoom(10, 1 << 20);
        Recorder talker = new Recorder();
        ChatHandler talking = new ChatHandler(room, 64);
        talking.onOpen(talker);
        Recorder listener = listener(room);
        int welcomed = listener.flushes;
        assertThat(listener.flushed).as("the welcome is flushed at once").isEqualTo(listener.written.size());

        talking.onData(talker, ByteBuffer.wrap("one\ntwo\nthree\n/who\n".getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer());
        assertThat(listener.flushes).as("nothing flushed before the read completes").isEqualTo(welcomed);
        talking.onReadComplete(talker);

        assertThat(listener.flushes).isEqualTo(welcomed + 1);
        assertThat(listener.flushed).isEqualTo(listener.written.size());
        assertThat(listener.lines()).endsWith("guest1: one", "guest1: two", "guest1: three");
        assertThat(talker.flushed).as("the talker's own reply too").isEqualTo(talker.written.size());
        assertThat(talker.lines()).last().asString().startsWith("* online: ");
    }

    @Test
    @DisplayName("the bound must be positive")
    void positiveBound() {
        assertThatThrownBy(() -> new ChatRoom(10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPendingBytes");
    }
}
