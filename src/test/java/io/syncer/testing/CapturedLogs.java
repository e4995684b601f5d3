package io.syncer.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Every log event from now until {@link #close()}, at the levels logback-test.xml lets through; a positive signal to wait for. */
public final class CapturedLogs implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs() {
        appender.start();
        root().addAppender(appender);
    }

    public static CapturedLogs start() {
        return new CapturedLogs();
    }

    /** The events so far (a copy: the appender appends under its own lock). */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return new ArrayList<>(appender.list);
        }
    }

    /** Waits until an event's formatted message contains {@code text} and returns it; fails after {@code maxMs}. */
    public ILoggingEvent awaitMessage(String text, long maxMs) {
        return Await.value(() -> events().stream().filter(e -> e.getFormattedMessage().contains(text)).findFirst().orElse(null),
                java.util.Objects::nonNull, maxMs);
    }

    @Override
    public void close() {
        root().detachAppender(appender);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
