package io.socketkit.netty;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what socketkit logs (through {@code System.Logger}, hence JUL) at INFO and above, until closed. */
final class LogCapture extends Handler implements AutoCloseable {
    /** Held here: JUL keeps its loggers only weakly. */
    private final Logger socketkit = Logger.getLogger("io.socketkit");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogCapture() {
        socketkit.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.INFO.intValue()) {
            records.add(record);
        }
    }

    /** @return what was logged at this level or above */
    List<String> atLeast(Level level) {
        return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue())
                .map(r -> r.getLevel() + " " + r.getMessage()).toList();
    }

    /** @return how many of the records at WARNING or above carry a stack trace */
    long thrown() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue() && r.getThrown() != null).count();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        socketkit.removeHandler(this);
    }
}
