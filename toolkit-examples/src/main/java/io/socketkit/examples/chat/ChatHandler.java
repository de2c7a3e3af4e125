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
        while (data.hasRemaining()) {
            byte b = data.get();
            if (b == '\n') {
                if (!discarding) {
                    onLine(connection, line.toByteArray());
                }
                discarding = false;
                line.reset();
            } else if (!discarding) {
                line.write(b);
                // A trailing \r is not counted: "\r\n" lines are as long as "\n" ones.
                if (line.size() > maxLine + 1 || (line.size() == maxLine + 1 && b != '\r')) {
                    room.send(member, "! line too long (max " + maxLine + " bytes)");
                    discarding = true;
                    line.reset();
                }
            }
            if (quit || !connection.isOpen()) {
                return;
            }
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
