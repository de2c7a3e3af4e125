package io.socketkit.examples.chat;

import io.socketkit.server.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The room of every chat server sharing one Redis ({@code chat --cluster redis://HOST:PORT}): this
 * server's clients are in a {@link ChatRoom}, which delivers to them as it does alone; what the others
 * must hear goes through Redis pub/sub ({@link RedisBroker}) as an event, and who is online is kept in
 * Redis, so a nickname is unique across the cluster.
 *
 * <p>Events are lines of fields separated by {@code \n} (no chat text holds one): the type, the server's
 * id, then {@code say NICK TEXT}, {@code join NICK}, {@code left NICK}, {@code nick OLD NEW} or {@code msg
 * FROM TO TEXT}. A server ignores its own. Each server's events arrive in the order it sent them; events
 * of different servers have no order between them.
 *
 * <p>Guests are {@code guestN-ID} (ID: the server's), unique without asking Redis, so a client joins at
 * once, even while Redis is away; {@code /nick} does not give such names. {@code /nick}, {@code /who}
 * and a {@code /msg} to another server's client ask Redis: the answer comes later, on the asking
 * client's own event loop ({@link Connection#execute}).
 *
 * <p>While Redis is away ({@link RedisBroker} says how that is noticed) the server is a room of its own:
 * lines, joins and leaves reach its clients only and are not sent later; {@code /who} lists its clients
 * and says so; {@code /msg} reaches its clients only; {@code /nick} is refused, so no two clients can take
 * one name meanwhile. The clients are told when it goes and when it is back. Back, the server registers
 * its clients again; one whose nickname a client of another server took meanwhile (possible only if this
 * server was cut off longer than {@link RedisBroker#ALIVE_SECONDS} s while Redis lived on) becomes a guest
 * again and is told.
 *
 * <p>Backpressure stops at the server: a talker on another server is not held back by a full client
 * here, whose lines wait in its connection until the stall check ({@code --stall-timeout}) cuts it off.
 */
final class ClusterRoom implements Room, RedisBroker.Listener {
    /** Guest names as the cluster gives them: not taken by /nick, so that the server whose they are can give them. */
    private static final Pattern GUEST = Pattern.compile("guest[0-9]+-.*");
    static final String DOWN = "* the other servers are unreachable: until they are back, only this server's users hear you";
    static final String BACK = "* the other servers are back";

    private final ChatRoom local;
    private final RedisBroker broker;
    private final RedisPresence presence;
    private final String instance;

    /**
     * A cluster room over a server's own room and its link to Redis; {@link RedisBroker#start} it with this.
     *
     * @param local this server's clients (guest names ending in {@code -ID})
     * @param broker the link
     */
    ClusterRoom(ChatRoom local, RedisBroker broker) {
        this.local = local;
        this.broker = broker;
        this.presence = broker.presence();
        this.instance = broker.instance();
    }

    private String owner(ChatRoom.Member member) {
        return instance + "/" + member.id;
    }

    private void publish(String... fields) {
        broker.publish(String.join("\n", fields));
    }

    @Override
    public ChatRoom.Member join(Connection connection) {
        ChatRoom.Member member = local.join(connection);
        if (member != null) {
            // A guest name is unique by construction: the claim only registers it. While Redis is away it
            // fails at once, and the resync that follows registers every client here.
            presence.claim(member.nick, owner(member));
            publish("join", instance, member.nick);
        }
        return member;
    }

    @Override
    public void leave(ChatRoom.Member member) {
        if (local.remove(member)) {
            publish("left", instance, member.nick);
            presence.release(member.nick, owner(member));
            String claiming = member.claiming;
            if (claiming != null) {
                presence.release(claiming, owner(member));
            }
        }
    }

    @Override
    public void say(ChatRoom.Member from, String text) {
        local.say(from, text);
        publish("say", instance, from.nick, text);
    }

    @Override
    public void rename(ChatRoom.Member member, String name) {
        if (!ChatRoom.isValidNick(name)) {
            local.send(member, "! invalid nickname");
        } else if (GUEST.matcher(name).matches()) {
            local.send(member, "! nickname " + name + " is reserved for guests");
        } else if (member.claiming != null) {
            local.send(member, "! a nickname change is under way");
        } else if (local.member(name) != null) {
            local.send(member, "! nickname " + name + " is taken");
        } else if (!broker.isUp()) {
            local.send(member, "! nickname changes wait until the other servers are back");
        } else {
            member.claiming = name;
            String owner = owner(member);
            presence.claim(name, owner).whenComplete((claimed, error) -> {
                if (error == null && claimed && !member.connection.isOpen()) {
                    // It left meanwhile; its leave may have come before the claim.
                    presence.release(name, owner);
                }
                member.connection.execute(() -> renamed(member, name, error == null ? claimed : null));
            });
        }
    }

    /** On the member's loop, once Redis answered a claim: true, false, or null if it did not answer. */
    private void renamed(ChatRoom.Member member, String name, Boolean claimed) {
        member.claiming = null;
        String old = member.nick;
        if (claimed == null) {
            local.tell(member, "! nickname change failed: the other servers did not answer");
        } else if (!claimed) {
            local.tell(member, "! nickname " + name + " is taken");
        } else if (local.renameTo(member, name)) {
            publish("nick", instance, old, name);
            presence.release(old, owner(member));
            local.flushPending();
            local.takeBlocker();
        } else {
            presence.release(name, owner(member));
            local.tell(member, "! nickname " + name + " is taken");
        }
    }

    @Override
    public void who(ChatRoom.Member member) {
        if (!broker.isUp()) {
            local.send(member, "* online: " + String.join(", ", local.nicks()) + " (this server only: the others are unreachable)");
            return;
        }
        presence.whoElsewhere().whenComplete((names, error) -> member.connection.execute(() -> {
            if (error != null) {
                local.tell(member, "* online: " + String.join(", ", local.nicks()) + " (this server only: the others did not answer)");
            } else {
                // This server's clients as they are now (a rename still under way shows its old name), the others' as Redis has them.
                TreeSet<String> all = new TreeSet<>(names);
                all.addAll(local.nicks());
                local.tell(member, "* online: " + String.join(", ", all));
            }
        }));
    }

    @Override
    public void whisper(ChatRoom.Member from, String name, String text) {
        if (local.member(name) != null) {
            local.whisper(from, name, text);
        } else if (!broker.isUp()) {
            local.send(from, "! no such user " + name + " on this server (the others are unreachable)");
        } else {
            String nick = from.nick;
            presence.isOnlineElsewhere(name).whenComplete((online, error) -> {
                if (error == null && online) {
                    publish("msg", instance, nick, name, text);
                } else {
                    from.connection.execute(() -> local.tell(from, error == null ? "! no such user " + name
                            : "! /msg failed: the other servers did not answer"));
                }
            });
        }
    }

    @Override
    public void send(ChatRoom.Member member, String line) {
        local.send(member, line);
    }

    @Override
    public ChatRoom.Member takeBlocker() {
        return local.takeBlocker();
    }

    @Override
    public boolean mustWait(ChatRoom.Member talker, ChatRoom.Member blocker) {
        return local.mustWait(talker, blocker);
    }

    @Override
    public void writable(ChatRoom.Member member) {
        local.writable(member);
    }

    @Override
    public void flushPending() {
        local.flushPending();
    }

    /** Another server's event, on Lettuce's thread: to this server's clients, written and flushed at once. */
    @Override
    public void onEvent(String payload) {
        String[] fields = payload.split("\n", 5);
        if (fields.length < 3 || fields[1].equals(instance)) {
            return;
        }
        switch (fields[0]) {
            case "say" -> {
                if (fields.length == 4) {
                    local.relay(fields[2] + ": " + fields[3]);
                }
            }
            case "join" -> local.relay("* " + fields[2] + " joined");
            case "left" -> local.relay("* " + fields[2] + " left");
            case "nick" -> {
                if (fields.length == 4) {
                    local.relay("* " + fields[2] + " is now " + fields[3]);
                }
            }
            case "msg" -> {
                ChatRoom.Member to = fields.length == 5 ? local.member(fields[3]) : null;
                if (to != null) {
                    local.relay(to, "[private] " + fields[2] + ": " + fields[4]);
                }
            }
            default -> {
                // A newer server's event: nothing this one knows to do with it.
            }
        }
    }

    @Override
    public void onDown() {
        local.relay(DOWN);
    }

    @Override
    public void onUp(List<String> lost) {
        local.relay(BACK);
        for (String nick : lost) {
            ChatRoom.Member member = local.member(nick);
            if (member != null) {
                member.connection.execute(() -> becomeGuest(member, nick));
            }
        }
    }

    /** On the member's loop: its nickname went to another server's client while Redis was away. */
    private void becomeGuest(ChatRoom.Member member, String nick) {
        if (!nick.equals(member.nick)) {
            return;
        }
        String guest = local.newGuestName();
        local.tell(member, "! your nickname " + nick + " was taken on another server while this one was cut off");
        if (local.renameTo(member, guest)) {
            presence.claim(guest, owner(member));
            publish("nick", instance, nick, guest);
        }
        local.flushPending();
        local.takeBlocker();
    }

    /** This server's clients, for Redis to register again after an outage; on Lettuce's thread. */
    @Override
    public Map<String, String> owners() {
        Map<String, String> owners = new LinkedHashMap<>();
        for (ChatRoom.Member member : local.members()) {
            owners.put(member.nick, owner(member));
        }
        return owners;
    }
}
