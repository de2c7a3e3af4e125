package io.socketkit.examples.chat;

/**
 * What the chat lets through of a line: characters that cannot fake or hide text on another user's
 * terminal are replaced by U+FFFD (as invalid UTF-8 already is), so that the reader sees something was
 * there. Replaced: C0 controls except tab (NUL, BEL, backspace, ESC, a lone CR...), DEL, C1 controls
 * (U+0080–U+009F), the Unicode bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
 * U+2066–U+2069) and the line and paragraph separators (U+2028, U+2029).
 */
final class ChatText {
    static final char REPLACEMENT = '\uFFFD';

    private ChatText() {
    }

    /**
     * The text with every character the chat does not relay replaced by U+FFFD.
     *
     * @param text a decoded line (no newline)
     * @return the text, itself if nothing was replaced
     */
    static String clean(String text) {
        int i = 0;
        while (i < text.length() && !isHidden(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder cleaned = new StringBuilder(text.length()).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            cleaned.append(isHidden(c) ? REPLACEMENT : c);
        }
        return cleaned.toString();
    }

    /** Whether a character is one the chat replaces (all of them are in the BMP: no surrogate is one). */
    static boolean isHidden(char c) {
        if (c < 0x20) {
            return c != '\t';
        }
        if (c < 0x7F) {
            return false;
        }
        return c <= 0x9F // DEL and C1
                || c == '\u061C' || c == '\u200E' || c == '\u200F'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u2028' || c == '\u2029';
    }
}
