package io.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketkit.ShutdownHow;
import java.net.SocketAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chat's protocol at its edges: hostile characters, empty and odd commands, the last line, one address. */
class ChatProtocolEdgesTest {
    private final ChatFixture fixture = new ChatFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    static Stream<Arguments> transports() {
        return Stream.of("nio", "epoll", "io_uring", "kqueue").map(Arguments::of);
    }

    @Test
    @DisplayName("control characters, DEL, C1 and bidi controls in lines, private messages and nicknames reach no one: U+FFFD instead")
    void controlCharacters() throws Exception {
        List<ChatClient> room = fixture.room(fixture.chat().server().address(), 2);
        ChatClient a = room.get(0);
        ChatClient b = room.get(1);
        a.line("hello\r* ada is now root");
        assertThat(b.read()).as("a lone CR is no line break").isEqualTo("guest1: hello\uFFFD* ada is now root");
        a.line("\u001b[2J\u0000\u0007\b\u007f\u0085\u009b\u202Eevil\u2066\u200f\u061c\ttab");
        assertThat(b.read()).isEqualTo("guest1: \uFFFD[2J\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDevil\uFFFD\uFFFD\uFFFD\ttab");
        a.line("/msg guest2 \u001b[31mred\u202e");
        assertThat(b.read()).isEqualTo("[private] guest1: \uFFFD[31mred\uFFFD");
        a.line("/msg gu\u001best2 hi");
        assertThat(a.read()).isEqualTo("! no such user gu\uFFFDest2");
        a.line("/nick ad\u202ea");
        assertThat(a.read()).isEqualTo("! invalid nickname");
        a.line("/\u001bx");
        assertThat(a.read()).isEqualTo("! unknown command /\uFFFDx");
        a.line("after");
        assertThat(b.read()).isEqualTo("guest1: after");
    }

    @Test
    @DisplayName("/msg without text and /nick without a name: usage; commands in any case; blank lines not broadcast")
    void commandEdges() throws Exception {
        List<ChatClient> room = fixture.room(fixture.chat().server().address(), 2);
        ChatClient a = room.get(0);
        ChatClient b = room.get(1);
        a.line("/msg guest2");
        assertThat(a.read()).isEqualTo("! usage: /msg NAME TEXT");
        a.line("/msg guest2    ");
        assertThat(a.read()).isEqualTo("! usage: /msg NAME TEXT");
        a.line("/nick");
        assertThat(a.read()).isEqualTo("! usage: /nick NAME");
        a.line("/nick   ");
        assertThat(a.read()).isEqualTo("! usage: /nick NAME");
        a.line("/WHO");
        assertThat(a.read()).isEqualTo("* online: guest1, guest2");
        a.line("/Nick ada");
        assertThat(a.read()).isEqualTo("* you are now ada");
        assertThat(b.read()).isEqualTo("* guest1 is now ada");
        a.line("   ");
        a.line(" \t ");
        a.send("\r\n");
        a.line("  two spaces kept  ");
        assertThat(b.read()).as("no blank line came first").isEqualTo("ada:   two spaces kept  ");
        b.line("/QUIT");
        assertThat(b.read()).isEqualTo("* bye");
        assertThat(b.read()).isNull();
        assertThat(a.read()).isEqualTo("* guest2 left");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    @DisplayName("an unterminated last line before EOF is delivered, as readline() returns it; then the client leaves")
    void lastLineWithoutNewline(String transport) throws Exception {
        ExampleServers.provider(transport);
        SocketAddress address = fixture.chat("--transport", transport).server().address();
        List<ChatClient> room = fixture.room(address, 2);
        ChatClient a = room.get(0);
        ChatClient b = room.get(1);
        a.send("first\nlast words");
        a.socket.shutdown(ShutdownHow.SHUT_WR);
        assertThat(b.read()).isEqualTo("guest1: first");
        assertThat(b.read()).isEqualTo("guest1: last words");
        assertThat(b.read()).isEqualTo("* guest1 left");
        assertThat(a.read()).as("closed once flushed").isNull();
    }

    @Test
    @DisplayName("--max-per-address N: the N+1st client from one address is closed at once; one that leaves makes room")
    void maxPerAddress() throws Exception {
        SocketAddress address = fixture.chat("--max-per-address", "2").server().address();
        List<ChatClient> room = fixture.room(address, 2);
        ChatClient third = fixture.client(address);
        assertThat(third.read()).as("refused: end of stream, no welcome").isNull();
        room.get(1).line("/quit");
        assertThat(room.get(1).read()).isEqualTo("* bye");
        assertThat(room.get(0).read()).isEqualTo("* guest2 left");
        ChatClient fourth = fixture.client(address);
        assertThat(fourth.read()).startsWith("* welcome ");
    }
}
