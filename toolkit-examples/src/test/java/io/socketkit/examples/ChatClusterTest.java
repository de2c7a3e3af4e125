package io.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.SocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code chat --cluster}: two chat servers sharing one real redis-server are one room; the broker stopped
 * and started again (empty) behaves as docs/deployment.md promises. Skipped where redis-server is missing.
 */
@Timeout(120)
class ChatClusterTest {
    private static final String GUEST = "guest[0-9]+-[0-9a-z]{4}";
    private static final String DOWN = "* the other servers are unreachable: until they are back, only this server's users hear you";
    private static final String BACK = "* the other servers are back";

    private final ChatFixture fixture = new ChatFixture();
    private RedisServer redis;
    private HaproxyServer haproxy;

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        try {
            if (haproxy != null) {
                haproxy.close();
            }
            fixture.close();
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    /** Two chat servers on one Redis: their addresses. */
    private SocketAddress[] twoServers() throws Exception {
        redis = RedisServer.start(dir);
        return new SocketAddress[] {
            fixture.chat("--cluster", redis.uri()).server().address(),
            fixture.chat("--cluster", redis.uri()).server().address(),
        };
    }

    /** Each client's guest name, from its welcome. */
    private final java.util.Map<ChatClient, String> guests = new java.util.HashMap<>();

    /** A client that joined, its guest name read from the welcome. */
    private ChatClient join(SocketAddress address) throws Exception {
        ChatClient client = fixture.client(address);
        String welcome = client.read();
        assertThat(welcome).matches("\\* welcome " + GUEST);
        guests.put(client, welcome.substring("* welcome ".length()));
        return client;
    }

    /**
     * Makes the joins so far heard everywhere they will be: a join on another server comes through Redis,
     * so a client that joined just after may still hear it (events of different servers have no order
     * between them). Each client says a line; each other reads up to it, past joins only. A server's events
     * keep their order, so once its line arrived, its earlier joins did.
     */
    private void settle(ChatClient... clients) throws Exception {
        for (ChatClient talker : clients) {
            talker.line("sync");
            for (ChatClient other : clients) {
                if (other == talker) {
                    continue;
                }
                for (int skipped = 0;; skipped++) {
                    String line = other.read();
                    if (line.equals(guests.get(talker) + ": sync")) {
                        break;
                    }
                    assertThat(line).as("only joins come before the line").matches("\\* " + GUEST + " joined");
                    assertThat(skipped).as("joins before the line").isLessThan(clients.length);
                }
            }
        }
    }

    /** Renames a client, reading its confirmation and what each other client hears. */
    private static void nick(ChatClient client, String name, ChatClient... others) throws Exception {
        client.line("/nick " + name);
        assertThat(client.read()).isEqualTo("* you are now " + name);
        for (ChatClient other : others) {
            assertThat(other.read()).matches("\\* " + GUEST + " is now " + name);
        }
    }

    @Test
    @DisplayName("clients on two servers talk, /who shows both, /msg crosses, a nickname is unique across both, leaves are heard")
    void oneRoomOnTwoServers() throws Exception {
        SocketAddress[] servers = twoServers();
        ChatClient ada = join(servers[0]);
        ChatClient bob = join(servers[1]);
        assertThat(ada.read()).as("a join on the other server").isEqualTo("* " + guests.get(bob) + " joined");
        settle(ada, bob);
        nick(ada, "ada", bob);
        nick(bob, "bob", ada);

        ada.line("hello from A");
        assertThat(bob.read()).isEqualTo("ada: hello from A");
        bob.line("hello from B");
        assertThat(ada.read()).isEqualTo("bob: hello from B");

        bob.line("/who");
        assertThat(bob.read()).isEqualTo("* online: ada, bob");
        bob.line("/msg ada psst");
        assertThat(ada.read()).isEqualTo("[private] bob: psst");
        ada.line("/msg nobody hi");
        assertThat(ada.read()).isEqualTo("! no such user nobody");

        bob.line("/nick ada");
        assertThat(bob.read()).as("taken on the other server").isEqualTo("! nickname ada is taken");
        ChatClient carol = join(servers[0]);
        assertThat(ada.read()).matches("\\* " + GUEST + " joined");
        assertThat(bob.read()).matches("\\* " + GUEST + " joined");
        carol.line("/nick bob");
        assertThat(carol.read()).as("taken on the other server").isEqualTo("! nickname bob is taken");
        carol.line("/nick guest9-zzzz");
        assertThat(carol.read()).isEqualTo("! nickname guest9-zzzz is reserved for guests");

        bob.line("/quit");
        assertThat(bob.read()).isEqualTo("* bye");
        assertThat(ada.read()).isEqualTo("* bob left");
        assertThat(carol.read()).isEqualTo("* bob left");
        carol.line("/nick bob");
        assertThat(carol.read()).as("free again once bob left").isEqualTo("* you are now bob");
        assertThat(ada.read()).matches("\\* " + GUEST + " is now bob");
        ada.line("/who");
        assertThat(ada.read()).isEqualTo("* online: ada, bob");
    }

    @Test
    @DisplayName("Redis stopped: each server is a room of its own, /nick waits, /who says so; back (empty): presence restored, the gap's lines never arrive")
    void brokerGoesAndComesBack() throws Exception {
        SocketAddress[] servers = twoServers();
        ChatClient ada = join(servers[0]);
        ChatClient bob = join(servers[1]);
        assertThat(ada.read()).isEqualTo("* " + guests.get(bob) + " joined");
        settle(ada, bob);
        nick(ada, "ada", bob);
        nick(bob, "bob", ada);

        redis.stop();
        assertThat(ada.read()).isEqualTo(DOWN);
        assertThat(bob.read()).isEqualTo(DOWN);
        ada.line("said during the outage");
        ada.line("/nick zed");
        assertThat(ada.read()).isEqualTo("! nickname changes wait until the other servers are back");
        ChatClient carol = join(servers[0]);
        assertThat(ada.read()).as("a join on the same server is still heard there").matches("\\* " + GUEST + " joined");
        carol.line("/who");
        assertThat(carol.read()).matches("\\* online: ada, " + GUEST + " \\(this server only: the others are unreachable\\)");
        carol.line("/msg bob hi");
        assertThat(carol.read()).isEqualTo("! no such user bob on this server (the others are unreachable)");
        carol.line("/msg ada hi");
        assertThat(ada.read()).as("/msg on the same server still works").matches("\\[private\\] " + GUEST + ": hi");

        redis.start();
        assertThat(ada.read()).isEqualTo(BACK);
        assertThat(carol.read()).isEqualTo(BACK);
        assertThat(bob.read()).isEqualTo(BACK);

        bob.line("/who");
        assertThat(bob.read()).as("everyone registered again in the empty Redis").matches("\\* online: ada, bob, " + GUEST);
        bob.line("/nick ada");
        assertThat(bob.read()).as("unique across both again").isEqualTo("! nickname ada is taken");
        ada.line("after the outage");
        assertThat(bob.read()).as("the outage's line was never relayed, not even late").isEqualTo("ada: after the outage");
        assertThat(carol.read()).isEqualTo("ada: after the outage");
    }

    @Test
    @DisplayName("Redis gone silent (frozen, connections open): the heartbeat notices within seconds; thawed, the servers are back")
    void brokerGoesSilent() throws Exception {
        SocketAddress[] servers = twoServers();
        ChatClient ada = join(servers[0]);
        ChatClient bob = join(servers[1]);
        assertThat(ada.read()).isEqualTo("* " + guests.get(bob) + " joined");
        settle(ada, bob);

        redis.pause();
        // A heartbeat every 5 s, 2 s for its answer: the client's 20 s read bounds the wait.
        assertThat(ada.read()).isEqualTo(DOWN);
        assertThat(bob.read()).isEqualTo(DOWN);
        ada.line("/nick ada");
        assertThat(ada.read()).isEqualTo("! nickname changes wait until the other servers are back");

        redis.resume();
        assertThat(ada.read()).isEqualTo(BACK);
        assertThat(bob.read()).isEqualTo(BACK);
        nick(ada, "ada", bob);
        ada.line("after the freeze");
        assertThat(bob.read()).isEqualTo("ada: after the freeze");
    }

    @Test
    @DisplayName("one server cut off while Redis lives on, past its alive key: its client's nickname taken elsewhere; back, that client becomes a guest and is told")
    void nicknameTakenWhileCutOff() throws Exception {
        redis = RedisServer.start(dir);
        try (TcpRelay relay = new TcpRelay(new java.net.InetSocketAddress("127.0.0.1", redis.port()))) {
            SocketAddress a = fixture.chat("--cluster", "redis://127.0.0.1:" + relay.port()).server().address();
            SocketAddress b = fixture.chat("--cluster", redis.uri()).server().address();
            ChatClient ada = join(a);
            ChatClient bob = join(b);
            assertThat(ada.read()).isEqualTo("* " + guests.get(bob) + " joined");
            settle(ada, bob);
            nick(ada, "ada", bob);
            String serverA = guests.get(ada).substring(guests.get(ada).indexOf('-') + 1);

            relay.cut();
            assertThat(ada.read()).isEqualTo(DOWN);
            // As if the 15 s of A's alive key had run out while it was cut off.
            assertThat(redis.command("DEL", "socketkit:chat:alive:" + serverA)).isEqualTo(":1");
            bob.line("/nick ada");
            assertThat(bob.read()).as("free: its owner's server is not alive").isEqualTo("* you are now ada");

            relay.restore();
            assertThat(ada.read()).isEqualTo(BACK);
            assertThat(ada.read()).isEqualTo("! your nickname ada was taken on another server while this one was cut off");
            assertThat(ada.read()).matches("\\* you are now guest[0-9]+-" + serverA);
            assertThat(bob.read()).matches("\\* ada is now guest[0-9]+-" + serverA);
            bob.line("/who");
            assertThat(bob.read()).matches("\\* online: ada, guest[0-9]+-" + serverA);
        }
    }

    @Test
    @DisplayName("behind HAProxy (plain TCP, round-robin): consecutive clients land on different servers and are one room")
    void behindHaproxy() throws Exception {
        SocketAddress[] servers = twoServers();
        haproxy = HaproxyServer.start(dir, java.util.List.of((java.net.InetSocketAddress) servers[0], (java.net.InetSocketAddress) servers[1]));
        ChatClient ada = join(haproxy.address());
        ChatClient bob = join(haproxy.address());
        String adaServer = guests.get(ada).substring(guests.get(ada).indexOf('-'));
        assertThat(guests.get(bob)).as("round-robin: the other server (its id ends the guest name)").doesNotEndWith(adaServer);
        assertThat(ada.read()).isEqualTo("* " + guests.get(bob) + " joined");
        settle(ada, bob);
        nick(ada, "ada", bob);
        nick(bob, "bob", ada);
        bob.line("hi ada");
        assertThat(ada.read()).isEqualTo("bob: hi ada");
        ada.line("/who");
        assertThat(ada.read()).isEqualTo("* online: ada, bob");
        bob.line("/nick ada");
        assertThat(bob.read()).isEqualTo("! nickname ada is taken");
    }

    @Test
    @DisplayName("a Redis that cannot be reached fails the start: one line, exit 1")
    void unreachableBrokerFailsTheStart() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CommandLine commandLine = Main.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        int exit = commandLine.execute("chat", "--bind", "127.0.0.1:0", "--cluster", "redis://127.0.0.1:" + port);
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach the cluster's Redis at redis://127.0.0.1:" + port);
    }
}
