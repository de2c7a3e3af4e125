package io.socketkit.examples.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.socketkit.examples.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** selftest's cells say why in words, not with exception names. */
class SelftestWordsTest {
    @Test
    @DisplayName("on Linux: kqueue is 'macOS/BSD only', NIO's unix-dgram names the transports that have it, no exception names")
    void cellsInWords() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the expected words are Linux's");
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        assertThat(commandLine.execute("selftest")).isZero();
        String table = out.toString();
        assertThat(table.lines().filter(l -> l.startsWith("| kqueue |")).findFirst().orElseThrow())
                .isEqualTo("| kqueue | no (macOS/BSD only) | no (macOS/BSD only) | no (macOS/BSD only) | no (macOS/BSD only) |");
        assertThat(table.lines().filter(l -> l.startsWith("| nio |")).findFirst().orElseThrow())
                .isEqualTo("| nio | ok | ok | ok | no (epoll only) |");
        assertThat(table).doesNotContain("Exception").doesNotContain("Error").doesNotContain("[Errno");
    }
}
