package io.socketkit.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the chat relays of a line's characters, class by class. */
class ChatTextTest {
    private static String one(int c) {
        return "a" + (char) c + "b";
    }

    @Test
    @DisplayName("C0 controls but tab, DEL, C1 controls, bidi controls and line/paragraph separators become U+FFFD")
    void hiddenCharactersReplaced() {
        for (int c = 0; c < 0x20; c++) {
            if (c != '\t') {
                assertThat(ChatText.clean(one(c))).as("C0 U+%04X", c).isEqualTo("a\uFFFDb");
            }
        }
        assertThat(ChatText.clean(one(0x7F))).as("DEL").isEqualTo("a\uFFFDb");
        for (int c = 0x80; c <= 0x9F; c++) {
            assertThat(ChatText.clean(one(c))).as("C1 U+%04X", c).isEqualTo("a\uFFFDb");
        }
        int[] bidi = {0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069};
        for (int c : bidi) {
            assertThat(ChatText.clean(one(c))).as("bidi U+%04X", c).isEqualTo("a\uFFFDb");
        }
        assertThat(ChatText.clean(one(0x2028))).as("line separator").isEqualTo("a\uFFFDb");
        assertThat(ChatText.clean(one(0x2029))).as("paragraph separator").isEqualTo("a\uFFFDb");
        assertThat(ChatText.clean("hello\r* ada is now root")).as("a lone CR").isEqualTo("hello\uFFFD* ada is now root");
        assertThat(ChatText.clean("\u001b[2J\u001b[31mred")).as("ESC sequences").isEqualTo("\uFFFD[2J\uFFFD[31mred");
    }

    @Test
    @DisplayName("tab, printable ASCII, Latin-1 letters, CJK, emoji, the neighbours of the bidi ranges pass unchanged")
    void visibleCharactersKept() {
        String text = "tab\there ~!@#$%^&*()_+ \u00a0\u00e9\u00ff \u4e2d\u6587 \ud83d\ude00"
                + " \u200d\u2010\u2027\u202f\u2065\u206a\u061b\u061d";
        assertThat(ChatText.clean(text)).isSameAs(text);
    }
}
