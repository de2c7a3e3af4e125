package io.socketkit.examples.chat;

import io.socketkit.server.Connection;

/**
 * What a chat connection's {@link ChatHandler} asks of the room it is in. Two rooms answer:
 * {@link ChatRoom}, the clients of this server, and {@link ClusterRoom}, the clients of every chat server
 * sharing one Redis (which keeps a {@code ChatRoom} for its own clients). The handler cannot tell them
 * apart, so the protocol is the same in both.
 *
 * <p>Called from the clients' event loops, many at once; no method blocks. What a command answers may be
 * written before the call returns or, in the cluster, later from the client's own event loop. Lines
 * written during a read batch go out at {@link #flushPending()}.
 */
interface Room {
    /**
     * Adds a client, or refuses it when the room is full.
     *
     * @param connection the client's connection
     * @return the member, its welcome written; null when refused
     */
    ChatRoom.Member join(Connection connection);

    /**
     * Removes a client (quit or gone) and tells the others; nothing if it had left already.
     *
     * @param member the client
     */
    void leave(ChatRoom.Member member);

    /**
     * A plain line: to every other client.
     *
     * @param from the talker
     * @param text the cleaned line
     */
    void say(ChatRoom.Member from, String text);

    /**
     * {@code /nick NAME}.
     *
     * @param member the client
     * @param name the nickname asked for
     */
    void rename(ChatRoom.Member member, String name);

    /**
     * {@code /who}.
     *
     * @param member the client asking
     */
    void who(ChatRoom.Member member);

    /**
     * {@code /msg NAME TEXT}.
     *
     * @param from the talker
     * @param name the recipient's nickname
     * @param text the cleaned text
     */
    void whisper(ChatRoom.Member from, String name, String text);

    /**
     * Writes a line to one client of this server, flushed by this thread's next {@link #flushPending()}.
     *
     * @param member the client
     * @param line the line, without its newline
     */
    void send(ChatRoom.Member member, String line);

    /**
     * The first client this thread's sends left not writable since the last call, or null; cleared.
     *
     * @return the blocker or null
     */
    ChatRoom.Member takeBlocker();

    /**
     * Whether {@code talker} must stop reading until {@code blocker} drains; then its {@code resume} runs
     * once that happened.
     *
     * @param talker the client that wrote
     * @param blocker the client it wrote to, now not writable
     * @return false if it drained or left already
     */
    boolean mustWait(ChatRoom.Member talker, ChatRoom.Member blocker);

    /**
     * A client's connection turned writable (or it left): the talkers waiting for it go on.
     *
     * @param member the client
     */
    void writable(ChatRoom.Member member);

    /** Sends what this thread has written since it last called this: one flush per recipient. */
    void flushPending();
}
