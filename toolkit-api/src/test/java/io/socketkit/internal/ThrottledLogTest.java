package io.socketkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The throttle's arithmetic, on a clock the test turns and a logger that records. */
class ThrottledLogTest {
    private static final long MS = 1_000_000L;

    /** Records what reaches it at or above a level. */
    static final class Recording implements System.Logger {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<String> debug = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            (level == Level.DEBUG ? debug : lines).add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            (level == Level.DEBUG ? debug : lines).add(level + " " + java.text.MessageFormat.format(format, params));
        }
    }

    @Test
    @DisplayName("1,000 of a kind in a second: one line; the next, a second later, says 999 more; kinds apart")
    void oncePerSecondPerKind() {
        AtomicLong now = new AtomicLong(5_000 * MS);
        Recording log = new Recording();
        ThrottledLog throttled = new ThrottledLog(log, now::get);
        for (int i = 0; i < 1_000; i++) {
            throttled.log("ECONNRESET", System.Logger.Level.WARNING, "reset " + i, null);
            now.addAndGet(MS / 2);
        }
        throttled.log("EPIPE", System.Logger.Level.WARNING, "pipe", null);
        now.addAndGet(600 * MS);
        throttled.log("ECONNRESET", System.Logger.Level.WARNING, "reset last", null);
        assertThat(log.lines).containsExactly("WARNING reset 0", "WARNING pipe",
                "WARNING reset last (and 999 more since the last report)");
    }

    @Test
    @DisplayName("log returns whether it wrote the line")
    void tellsWhetherLogged() {
        AtomicLong now = new AtomicLong();
        ThrottledLog throttled = new ThrottledLog(new Recording(), now::get);
        assertThat(throttled.log(1, System.Logger.Level.INFO, "a", null)).isTrue();
        assertThat(throttled.log(1, System.Logger.Level.INFO, "b", null)).isFalse();
        now.addAndGet(1_000 * MS);
        assertThat(throttled.log(1, System.Logger.Level.INFO, "c", null)).isTrue();
    }
}
