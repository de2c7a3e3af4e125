package io.socketkit.examples.chat;

import io.socketkit.server.Connection;
import io.socketkit.server.StreamEventHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** One chat connection: frames UTF-8 lines (at most {@code maxLine} bytes) and runs the commands. */
final class ChatHandler implements StreamEventHandler {
    private static final String[] HELP = {
        "* /nick NAME - change your nickname (1-32 of A-Z a-z 0-9 _ -)",
        "* /who - list who is online",
        "* /msg NAME TEXT - send TEXT to NAME only",
        "* /quit - leave",
        "* /help - this list",
    };

    private final ChatRoom room;
    private final int maxLine;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean discarding;
    private ChatRoom.Member member;
    /** Set by /quit: what the client sent after it is not read, whichever read it arrives in. */
    private boolean quit;
    /**
     * What this client sent that is not handled yet because a recipient of its lines is not writable
     * (reading is paused meanwhile); null when nothing is held.
     */
    private ByteBuffer held;

    ChatHandler(ChatRoom room, int maxLine) {
        this.room = room;
        this.maxLine = maxLine;
    }

    @Override
    public void onOpen(Connection connection) {
        member = room.join(connection);
        if (member == null) {
            connection.write("! server full\n".getBytes(StandardCharsets.UTF_8));
            connection.close();
            return;
        }
        member.resume = () -> resume(connection);
    }

    /** This client's connection drained: the talkers waiting for it go on. */
    @Override
    public void onWritabilityChanged(Connection connection) {
        if (member != null && connection.isWritable()) {
            room.writable(member);
        }
    }

    /** What this read batch's lines wrote, to this client and the others, goes out now. */
    @Override
    public void onReadComplete(Connection connection) {
        room.flushPending();
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        if (member == null || quit) {
            return;
        }
        member.lastActiveNanos = System.nanoTime();
        if (held != null) {
            // A read that was under way when reading paused: after what is held, in order.
            held = ByteBuffer.allocate(held.remaining() + data.remaining()).put(held).put(data).flip();
            return;
        }
        handle(connection, data);
    }

    /**
     * Handles the lines in {@code data}; stops after a line that left one of its recipients not writable,
     * holding the rest and pausing reading until that recipient drains ({@link #resume}).
     */
    private void handle(Connection connection, ByteBuffer data) {
        while (data.hasRemaining()) {
            byte b = data.get();
            if (b == '\n') {
                if (!discarding) {
                    onLine(connection, line.toByteArray());
                }
                discarding = false;
                line.reset();
                ChatRoom.Member blocker = room.takeBlocker();
                if (quit || !connection.isOpen()) {
                    return;
                }
                if (blocker != null && room.mustWait(member, blocker)) {
                    hold(connection, data);
                    return;
                }
            } else if (!discarding) {
                line.write(b);
                // A trailing \r is not counted: "\r\n" lines are as long as "\n" ones.
                if (line.size() > maxLine + 1 || (line.size() == maxLine + 1 && b != '\r')) {
                    room.send(member, "! line too long (max " + maxLine + " bytes)");
                    discarding = true;
                    line.reset();
                }
            }
        }
    }

    /** Keeps the rest of {@code data} (a copy: the buffer is only valid during onData) and stops reading. */
    private void hold(Connection connection, ByteBuffer data) {
        held = ByteBuffer.allocate(data.remaining()).put(data).flip();
        // What was written so far goes out now: the recipient we wait for must be able to drain it.
        room.flushPending();
        connection.pauseReading();
    }

    /** On this client's loop, once what it waited for drained: what was held, then reading again. */
    private void resume(Connection connection) {
        ByteBuffer rest = held;
        held = null;
        if (rest == null || quit) {
            return;
        }
        handle(connection, rest);
        room.flushPending();
        if (held == null && !quit) {
            connection.resumeReading();
        }
    }

    private void onLine(Connection connection, byte[] bytes) {
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        // Invalid UTF-8 becomes U+FFFD, never an error.
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return;
        }
        if (!text.startsWith("/")) {
            room.say(member, text);
            return;
        }
        String[] words = text.split(" ", 3);
        switch (words[0]) {
            case "/nick":
                room.rename(member, words.length > 1 ? text.substring(6).trim() : "");
                break;
            case "/who":
                room.who(member);
                break;
            case "/msg":
                if (words.length < 3) {
                    room.send(member, "! usage: /msg NAME TEXT");
                } else {
                    room.whisper(member, words[1], words[2]);
                }
                break;
            case "/quit":
                quit = true;
                room.send(member, "* bye");
                room.leave(member);
                connection.close();
                break;
            case "/help":
                for (String help : HELP) {
                    room.send(member, help);
                }
                break;
            default:
                room.send(member, "! unknown command " + words[0]);
                break;
        }
    }

    @Override
    public void onClose(Connection connection) {
        if (member != null) {
            room.leave(member);
        }
    }
}
