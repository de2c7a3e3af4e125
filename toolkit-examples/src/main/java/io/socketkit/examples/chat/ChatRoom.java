package io.socketkit.examples.chat;

import io.socketkit.server.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * The chat's shared state: who is online under which nickname, and how a line reaches them. Called
 * from every connection's event loop; membership changes are serialised on this object, sends are not
 * (each goes to the receiver's own event loop, in order per sender).
 *
 * <p>A line is written at once but flushed later: the thread that wrote it remembers the recipient and
 * {@link #flushPending()} sends what it wrote to each, once per read batch (a talker's lines that came in
 * one read cost each recipient one system call, not one per line). What is not part of a read batch
 * (joins, leaves, the idle check) is flushed before the call returns.
 *
 * <p>Backpressure goes to the talker, as Netty advises (stop reading from whoever produces what cannot
 * be written) and as IRC servers hold back a flooder rather than its readers: each client's connection is
 * writable while at most {@code maxPendingBytes} wait for it ({@link Connection#setWriteBufferLimits}).
 * A line written to one that is then not writable makes that recipient the talker's {@link #takeBlocker()
 * blocker}: the talker's handler stops reading it until the recipient drains to half the bound
 * ({@link #writable}). So a reading client is never cut off, however fast the others talk. One that takes
 * nothing for {@code stallTimeout} while more than {@code maxPendingBytes} wait for it is disconnected
 * ({@link #expireStalled}), counted in {@link #slowDisconnects()} and logged (at most once a second).
 */
public final class ChatRoom implements Room {
    /** What may wait for one client before whoever talks to it waits, unless told otherwise. */
    public static final long DEFAULT_MAX_PENDING_BYTES = 1024 * 1024;
    private static final Pattern NICK = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final System.Logger LOG = System.getLogger(ChatRoom.class.getName());

    private final int maxClients;
    private final long maxPendingBytes;
    /** After a guest's number: empty here, {@code -ID} in a cluster (this server's id), so guests are unique there too. */
    private final String guestSuffix;
    private final Map<String, Member> byNick = new TreeMap<>();
    private final Map<Connection, Member> members = new ConcurrentHashMap<>();
    private final AtomicInteger guests = new AtomicInteger();
    private final LongAdder slowDisconnects = new LongAdder();
    /** The members this thread has written to since its last {@link #flushPending()}. */
    private final ThreadLocal<Set<Member>> unflushed = ThreadLocal.withInitial(HashSet::new);
    /** The first member this thread's sends left not writable since its last {@link #takeBlocker()}. */
    private final ThreadLocal<Member> blocker = new ThreadLocal<>();
    /** Stall drops not yet logged, and when the last log line was written (the stall check's thread). */
    private long dropsUnlogged;
    private boolean dropLogged;
    private long lastDropLogNanos;

    /** One client. */
    static final class Member {
        private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();
        /** Unique in this server: a cluster's presence tells members apart by it. */
        final long id = IDS.incrementAndGet();
        final Connection connection;
        volatile String nick;
        /** In a cluster: the name a {@code /nick} under way asks Redis for, or null. */
        volatile String claiming;
        volatile long lastActiveNanos = System.nanoTime();
        /** Set once when the room drops a client that let too much pile up (the close itself is asynchronous). */
        final java.util.concurrent.atomic.AtomicBoolean dropped = new java.util.concurrent.atomic.AtomicBoolean();
        /** The talkers that stopped reading until this client drains. */
        final Set<Member> waiters = ConcurrentHashMap.newKeySet();
        /** What lets this client talk again once what it waits for drained (run on its own event loop). */
        volatile Runnable resume = () -> { };
        /** The stall check's own (one thread): since when this client has taken nothing, and how much waited then. */
        boolean stalled;
        long stalledSinceNanos;
        long stalledPending;

        Member(Connection connection, String nick) {
            this.connection = connection;
            this.nick = nick;
        }
    }

    ChatRoom(int maxClients) {
        this(maxClients, DEFAULT_MAX_PENDING_BYTES);
    }

    ChatRoom(int maxClients, long maxPendingBytes) {
        this(maxClients, maxPendingBytes, "");
    }

    ChatRoom(int maxClients, long maxPendingBytes, String guestSuffix) {
        if (maxPendingBytes <= 0) {
            throw new IllegalArgumentException("maxPendingBytes must be positive: " + maxPendingBytes);
        }
        this.maxClients = maxClients;
        this.maxPendingBytes = maxPendingBytes;
        this.guestSuffix = guestSuffix;
    }

    /** Whether a nickname is one /nick accepts: 1-32 of A-Z a-z 0-9 _ -. */
    static boolean isValidNick(String name) {
        return NICK.matcher(name).matches();
    }

    /**
     * Adds a client, or refuses it when the room is full; returns null when refused. The newcomer's
     * welcome is written before anyone can see it in the room, so it is the first line it gets: no
     * other join, line or rename reaches it before.
     */
    @Override
    public Member join(Connection connection) {
        Member member;
        List<Member> others;
        synchronized (this) {
            if (members.size() >= maxClients) {
                return null;
            }
            String nick = newGuestName();
            member = new Member(connection, nick);
            int high = (int) Math.min(Integer.MAX_VALUE, maxPendingBytes);
            connection.setWriteBufferLimits(high, high / 2);
            // Writes keep call order across threads: whatever others write once it is listed comes after.
            write(member, encode("* welcome " + nick));
            byNick.put(nick, member);
            others = new ArrayList<>(members.values());
            members.put(connection, member);
            // Under the lock: everyone hears of joins and leaves in the one order they happened.
            announce(others, encode("* " + member.nick + " joined"));
        }
        connection.flush();
        LOG.log(System.Logger.Level.INFO, "{0} joined from {1}", member.nick, connection.remoteAddress());
        return member;
    }

    /** Removes a client (quit or gone) and tells the others; nothing if it had left already. */
    @Override
    public void leave(Member member) {
        remove(member);
    }

    /** {@link #leave}; whether the client was here until now. */
    boolean remove(Member member) {
        List<Member> others;
        synchronized (this) {
            if (members.remove(member.connection) == null) {
                return false;
            }
            byNick.remove(member.nick);
            others = new ArrayList<>(members.values());
            announce(others, encode("* " + member.nick + " left"));
        }
        LOG.log(System.Logger.Level.INFO, "{0} left ({1})", member.nick, member.connection.remoteAddress());
        // Whoever waited for it has nothing to wait for.
        writable(member);
        return true;
    }

    /** A plain line: to every other client. */
    @Override
    public void say(Member from, String text) {
        byte[] line = encode(from.nick + ": " + text);
        for (Member other : members.values()) {
            if (other != from) {
                send(other, line);
            }
        }
    }

    /** {@code /nick NAME}. */
    @Override
    public void rename(Member member, String name) {
        if (!isValidNick(name)) {
            send(member, "! invalid nickname");
            return;
        }
        if (!renameTo(member, name)) {
            send(member, "! nickname " + name + " is taken");
        }
    }

    /**
     * Renames a client if no one here has that name, telling it and the others; whether it did. The
     * name is valid (and, in a cluster, already claimed for it).
     */
    boolean renameTo(Member member, String name) {
        String old;
        List<Member> others;
        synchronized (this) {
            if (byNick.containsKey(name) || !members.containsKey(member.connection)) {
                return false;
            }
            old = member.nick;
            byNick.remove(old);
            member.nick = name;
            byNick.put(name, member);
            others = new ArrayList<>(members.values());
        }
        send(member, "* you are now " + name);
        byte[] renamed = encode("* " + old + " is now " + name);
        for (Member other : others) {
            if (other != member) {
                send(other, renamed);
            }
        }
        return true;
    }

    /** {@code /who}. */
    @Override
    public void who(Member member) {
        send(member, "* online: " + String.join(", ", nicks()));
    }

    /** The nicknames here, sorted. */
    synchronized List<String> nicks() {
        return new ArrayList<>(byNick.keySet());
    }

    /** {@code /msg NAME text}. */
    @Override
    public void whisper(Member from, String name, String text) {
        Member to = member(name);
        if (to == null) {
            send(from, "! no such user " + name);
            return;
        }
        send(to, "[private] " + from.nick + ": " + text);
    }

    /** The client here with this nickname, or null. */
    synchronized Member member(String nick) {
        return byNick.get(nick);
    }

    /**
     * A line from outside any client's read batch (another server's, or an answer that came later) to
     * every client here, flushed at once.
     */
    void relay(String line) {
        announce(new ArrayList<>(members.values()), encode(line));
    }

    /** {@link #relay(String)} to one client. */
    void relay(Member member, String line) {
        announce(List.of(member), encode(line));
    }

    /**
     * A line to one client from outside its read batch, on its own event loop: written, flushed at
     * once, and blocking no one (there is no talker here to hold back).
     */
    void tell(Member member, String line) {
        send(member, line);
        flushPending();
        takeBlocker();
    }

    /**
     * Writes a line to a client, to be flushed by this thread's next {@link #flushPending()}. If the
     * client is then not writable, it becomes this thread's {@link #takeBlocker() blocker}.
     */
    @Override
    public void send(Member member, String line) {
        send(member, encode(line));
    }

    /** A line as it goes out: UTF-8, newline-terminated; encoded once for however many recipients. */
    private static byte[] encode(String line) {
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@link #send(Member, String)} of an encoded line (which the connection copies: it may be shared). */
    private void send(Member member, byte[] line) {
        if (write(member, line)) {
            unflushed.get().add(member);
            if (!member.connection.isWritable() && blocker.get() == null) {
                blocker.set(member);
            }
        }
    }

    /**
     * The first client this thread's sends left not writable since the last call, or null; cleared. A
     * talker's handler asks after each line and, given one, {@link #mustWait waits} for it.
     */
    @Override
    public Member takeBlocker() {
        Member first = blocker.get();
        blocker.remove();
        return first;
    }

    /**
     * Whether {@code talker} must stop reading until {@code blocker} drains: then its {@code resume}
     * runs (on its own loop) once that happened, or once {@code blocker} left. False if it already did.
     */
    @Override
    public boolean mustWait(Member talker, Member blocker) {
        blocker.waiters.add(talker);
        // It may have drained (or gone) before we were listed: then no one would wake us.
        boolean gone = !blocker.connection.isOpen() || blocker.dropped.get() || !members.containsKey(blocker.connection);
        if ((gone || blocker.connection.isWritable()) && blocker.waiters.remove(talker)) {
            return false;
        }
        return true;
    }

    /** A client's connection turned writable (or it left): the talkers waiting for it may go on. */
    @Override
    public void writable(Member member) {
        for (Member waiter : member.waiters) {
            if (member.waiters.remove(waiter)) {
                waiter.connection.execute(waiter.resume);
            }
        }
    }

    /**
     * One line to each of these clients, flushed at once: for what is not part of a read batch (joins,
     * leaves), where each recipient gets one line and there is nothing to gather.
     */
    private void announce(List<Member> to, byte[] line) {
        for (Member member : to) {
            if (write(member, line)) {
                member.connection.flush();
            }
        }
    }

    /** Writes a line unless the client is gone or being dropped; whether it wrote. */
    private boolean write(Member member, byte[] line) {
        Connection connection = member.connection;
        if (!connection.isOpen() || member.dropped.get()) {
            return false;
        }
        connection.write(line);
        return true;
    }

    /** Sends what this thread has written since it last called this: one flush per recipient. */
    @Override
    public void flushPending() {
        Set<Member> written = unflushed.get();
        if (written.isEmpty()) {
            return;
        }
        // A copy: a flush may call back into the room (a recipient turning writable) on this thread.
        Member[] flushing = written.toArray(new Member[0]);
        written.clear();
        for (Member member : flushing) {
            member.connection.flush();
        }
    }

    /**
     * A guest name no one here has (the cluster's are unique everywhere: they end with this server's id).
     *
     * @return the name, not yet anyone's
     */
    synchronized String newGuestName() {
        String nick;
        do {
            nick = "guest" + guests.incrementAndGet() + guestSuffix;
        } while (byNick.containsKey(nick));
        return nick;
    }

    /** The clients here now. */
    List<Member> members() {
        return new ArrayList<>(members.values());
    }

        /** Disconnects the clients silent for longer than the timeout. */
    void expireIdle(Duration timeout) {
        long now = System.nanoTime();
        for (Member member : members.values()) {
            if (now - member.lastActiveNanos > timeout.toNanos()) {
                send(member, "! idle timeout");
                member.connection.close();
            }
        }
        flushPending();
        // No talker here to hold back: the timed-out clients are closing.
        takeBlocker();
    }

    /**
     * Disconnects the clients that took nothing for {@code stallTimeout} while not writable (more than
     * {@code maxPendingBytes} waiting): counted, logged at most once a second with the count. Called by
     * one thread, periodically; "took nothing" means what waits for it did not go down between calls.
     *
     * @param stallTimeout how long a client may take nothing
     * @param nowNanos the time ({@link System#nanoTime()})
     */
    void expireStalled(Duration stallTimeout, long nowNanos) {
        for (Member member : members.values()) {
            Connection connection = member.connection;
            if (connection.isWritable() || !connection.isOpen()) {
                member.stalled = false;
                continue;
            }
            long pending = connection.pendingOutputBytes();
            if (!member.stalled || pending < member.stalledPending) {
                member.stalled = true;
                member.stalledSinceNanos = nowNanos;
            } else if (nowNanos - member.stalledSinceNanos >= stallTimeout.toNanos() && pending > maxPendingBytes) {
                drop(member, pending, stallTimeout, nowNanos);
            }
            member.stalledPending = pending;
        }
    }

    private void drop(Member member, long pending, Duration stallTimeout, long nowNanos) {
        if (!member.dropped.compareAndSet(false, true)) {
            return;
        }
        slowDisconnects.increment();
        dropsUnlogged++;
        if (!dropLogged || nowNanos - lastDropLogNanos >= 1_000_000_000L) {
            LOG.log(System.Logger.Level.WARNING, "{0} ({1}) took nothing for {2} ms with {3} bytes waiting (more than {4}):"
                    + " disconnected; {5} client(s) disconnected so since the last report", member.nick,
                    member.connection.remoteAddress(), stallTimeout.toMillis(), pending, maxPendingBytes, dropsUnlogged);
            dropsUnlogged = 0;
            dropLogged = true;
            lastDropLogNanos = nowNanos;
        }
        member.connection.abort();
    }

    /**
     * How many clients were disconnected for taking nothing while more than {@code maxPendingBytes}
     * waited for them.
     *
     * @return the count
     */
    public long slowDisconnects() {
        return slowDisconnects.sum();
    }

    /**
     * How many clients are online.
     *
     * @return the count
     */
    public int size() {
        return members.size();
    }
}
