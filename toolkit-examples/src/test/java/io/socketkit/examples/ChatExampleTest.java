package io.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The chat example through its command line: every rule of the protocol, with several clients. */
class ChatExampleTest {
    private final ChatFixture fixture = new ChatFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private ChatClient client(SocketAddress address) throws IOException {
        return fixture.client(address);
    }

    private List<ChatClient> room(SocketAddress address, int n) throws IOException {
        return fixture.room(address, n);
    }

    private ExampleServers.Running chat(String... extra) throws Exception {
        return fixture.chat(extra);
    }

    @Test
    @DisplayName("welcome, joined, plain lines to the others (not the sender), empty lines ignored, \\r\\n accepted")
    void talk() throws Exception {
        ExampleServers.Running running = chat();
        assertThat(running.readyLine()).startsWith("listening on 127.0.0.1:").endsWith("(tcp, epoll, TLS off); Ctrl-C to stop");
        SocketAddress address = running.server().address();
        ChatClient a = client(address);
        assertThat(a.read()).isEqualTo("* welcome guest1");
        ChatClient b = client(address);
        assertThat(b.read()).isEqualTo("* welcome guest2");
        assertThat(a.read()).isEqualTo("* guest2 joined");
        a.line("");
        a.send("hello\r\n");
        assertThat(b.read()).isEqualTo("guest1: hello");
        b.line("bad \u00ff byte");
        b.socket.sendAll(new byte[] {'x', (byte) 0xC3, '\n'});
        assertThat(a.read()).isEqualTo("guest2: bad \u00ff byte");
        assertThat(a.read()).isEqualTo("guest2: x\uFFFD");
        a.line("/who");
        assertThat(a.read()).as("the sender gets no copy of its own lines").isEqualTo("* online: guest1, guest2");
        ExampleServers.stop(running);
    }

    @Test
    @DisplayName("/nick, /who, /msg, /help, unknown commands")
    void commands() throws Exception {
        List<ChatClient> room = room(chat().server().address(), 2);
        ChatClient a = room.get(0);
        ChatClient b = room.get(1);
        a.line("/nick zed");
        assertThat(a.read()).isEqualTo("* you are now zed");
        assertThat(b.read()).isEqualTo("* guest1 is now zed");
        b.line("/nick zed");
        assertThat(b.read()).isEqualTo("! nickname zed is taken");
        b.line("/nick bad name!");
        assertThat(b.read()).isEqualTo("! invalid nickname");
        b.line("/nick " + "x".repeat(33));
        assertThat(b.read()).isEqualTo("! invalid nickname");
        b.line("/nick amy");
        assertThat(b.read()).isEqualTo("* you are now amy");
        assertThat(a.read()).isEqualTo("* guest2 is now amy");
        a.line("/who");
        assertThat(a.read()).isEqualTo("* online: amy, zed");
        a.line("/msg amy psst, hi");
        assertThat(b.read()).isEqualTo("[private] zed: psst, hi");
        a.line("/msg nobody hi");
        assertThat(a.read()).isEqualTo("! no such user nobody");
        a.line("/dance");
        assertThat(a.read()).isEqualTo("! unknown command /dance");
        a.line("/help");
        List<String> help = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            help.add(a.read());
        }
        assertThat(help).allSatisfy(line -> assertThat(line).startsWith("* /"));
    }

    @Test
    @DisplayName("/quit: bye, closed, the others hear 'left'; a client that just disconnects is announced too")
    void leaving() throws Exception {
        List<ChatClient> room = room(chat().server().address(), 3);
        ChatClient a = room.get(0);
        ChatClient b = room.get(1);
        ChatClient c = room.get(2);
        b.line("/quit");
        assertThat(b.read()).isEqualTo("* bye");
        assertThat(b.read()).isNull();
        assertThat(a.read()).isEqualTo("* guest2 left");
        assertThat(c.read()).isEqualTo("* guest2 left");
        c.socket.close();
        assertThat(a.read()).isEqualTo("* guest3 left");
    }

    @Test
    @DisplayName("a line over --max-line is refused and discarded, the connection stays")
    void longLine() throws Exception {
        List<ChatClient> room = room(chat("--max-line", "16").server().address(), 2);
        ChatClient a = room.get(0);
        ChatClient b = room.get(1);
        a.line("x".repeat(17));
        assertThat(a.read()).isEqualTo("! line too long (max 16 bytes)");
        a.send("y".repeat(16) + "\r\n");
        assertThat(b.read()).as("16 bytes and a \\r\\n fit").isEqualTo("guest1: " + "y".repeat(16));
        a.line("still here");
        assertThat(b.read()).isEqualTo("guest1: still here");
    }

    @Test
    @DisplayName("past --max-clients the newcomer gets '! server full' and is closed")
    void full() throws Exception {
        SocketAddress address = chat("--max-clients", "2").server().address();
        client(address).read();
        client(address).read();
        ChatClient third = client(address);
        assertThat(third.read()).isEqualTo("! server full");
        assertThat(third.read()).isNull();
    }

    @Test
    @DisplayName("--idle-timeout disconnects silent clients with '! idle timeout'")
    void idle() throws Exception {
        SocketAddress address = chat("--idle-timeout", "200ms").server().address();
        ChatClient a = client(address);
        assertThat(a.read()).isEqualTo("* welcome guest1");
        assertThat(a.read()).isEqualTo("! idle timeout");
        assertThat(a.read()).isNull();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--max-pending, 0, '--max-pending must be 1 or more, got 0'",
        "--stall-timeout, 0s, '--stall-timeout must be more than zero'",
        "--max-per-address, -1, '--max-per-address must be 0 or more, got -1'",
    })
    @DisplayName("a limit out of range is a usage error (exit 2), not a server")
    void limitsOutOfRange(String option, String value, String message) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute("chat", "--bind", "127.0.0.1:0", option, value)).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }

    @Test
    @DisplayName("many clients talking at once: every line reaches every other client, in each sender's order")
    void ordering() throws Exception {
        SocketAddress address = chat().server().address();
        int count = 20;
        int lines = 20;
        List<ChatClient> room = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ChatClient client = client(address);
            // The welcome comes once the server has the client: the next one joins after it.
            assertThat(client.read()).isEqualTo("* welcome guest" + (i + 1));
            room.add(client);
        }
        // Drain the joins: each client sees those who came after it.
        for (int i = 0; i < count; i++) {
            List<String> joins = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int j = i + 1; j < count; j++) {
                joins.add(room.get(i).read());
                expected.add("* guest" + (j + 1) + " joined");
            }
            assertThat(joins).as("joins seen by guest%d", i + 1).isEqualTo(expected);
        }
        for (int n = 0; n < lines; n++) {
            for (int i = 0; i < count; i++) {
                room.get(i).line("line " + n);
            }
        }
        for (int i = 0; i < count; i++) {
            int[] next = new int[count];
            for (int got = 0; got < (count - 1) * lines; got++) {
                String line = room.get(i).read();
                String nick = line.substring(0, line.indexOf(':'));
                int sender = Integer.parseInt(nick.substring("guest".length())) - 1;
                assertThat(sender).isNotEqualTo(i);
                assertThat(line).isEqualTo(nick + ": line " + next[sender]++);
            }
        }
    }
}
