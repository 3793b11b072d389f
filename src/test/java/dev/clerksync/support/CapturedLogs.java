package dev.clerksync.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The log lines of each test, as {@code LEVEL message [exception]}: the embedded Tomcat runs in the
 * test's JVM, so the WAR's slf4j → JUL records reach the root logger here. Register it with
 * {@code @RegisterExtension}.
 */
public final class CapturedLogs extends Handler implements BeforeEachCallback, AfterEachCallback {

    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    public List<String> lines() {
        return lines;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        lines.clear();
        Logger.getLogger("").addHandler(this);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Logger.getLogger("").removeHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(record.getLevel() + " " + formatter.formatMessage(record)
                + (record.getThrown() == null ? "" : " " + record.getThrown()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
