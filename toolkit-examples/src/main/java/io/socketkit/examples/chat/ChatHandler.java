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

    private final Room room;
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
    /** The client ended its input; what is held is the last of it. */
    private boolean inputClosed;

    ChatHandler(Room room, int maxLine) {
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
            if (inputClosed) {
                endOfInput(connection);
            } else {
                connection.resumeReading();
            }
        }
    }

    private void onLine(Connection connection, byte[] bytes) {
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        // Invalid UTF-8 becomes U+FFFD, never an error; so do the characters that could fake or hide text.
        String text = ChatText.clean(new String(bytes, 0, length, StandardCharsets.UTF_8));
        if (text.isBlank()) {
            return;
        }
        if (!text.startsWith("/")) {
            room.say(member, text);
            return;
        }
        String[] words = text.split(" ", 3);
        String rest = words.length > 1 ? text.substring(words[0].length() + 1).trim() : "";
        switch (words[0].toLowerCase(java.util.Locale.ROOT)) {
            case "/nick":
                if (rest.isEmpty()) {
                    room.send(member, "! usage: /nick NAME");
                } else {
                    room.rename(member, rest);
                }
                break;
            case "/who":
                room.who(member);
                break;
            case "/msg":
                if (words.length < 3 || words[1].isEmpty() || words[2].isBlank()) {
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

    /**
     * The client ended its input (EOF): an unterminated last line is delivered, as Python's
     * {@code readline()} returns it ({@code printf 'hi' | nc} says hi), then the connection closes once
     * what was written is flushed. If lines are held back (a recipient is full), the resume ends it.
     */
    @Override
    public void onInputClosed(Connection connection) {
        inputClosed = true;
        if (held == null) {
            endOfInput(connection);
        }
    }

    private void endOfInput(Connection connection) {
        lastLine(connection);
        connection.close();
    }

    /** Delivers an unterminated last line, unless /quit, an over-long line or a failure came first. */
    private void lastLine(Connection connection) {
        if (member != null && !quit && !discarding && line.size() > 0) {
            onLine(connection, line.toByteArray());
            line.reset();
            room.takeBlocker();
        }
        room.flushPending();
    }

    /** A reset or a failure: a line it cut is not delivered. */
    @Override
    public void onError(Connection connection, Throwable error) {
        line.reset();
        discarding = true;
        connection.close();
    }

    @Override
    public void onClose(Connection connection) {
        if (member == null) {
            return;
        }
        if (!inputClosed && held == null) {
            // A transport without half-closure (NIO's Unix sockets) reports the client's EOF as the close.
            lastLine(connection);
        }
        room.leave(member);
    }
}
