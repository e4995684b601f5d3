package io.syncer.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console appender of the shipped logback configuration: every line, in order, without ever blocking the logger. */
class BatchingConsoleAppenderTest {

    private final LoggerContext context = new LoggerContext();

    {
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    }
    private final Logger logger = context.getLogger("io.syncer.test");

    @Test
    void everyEventIsWrittenInOrderAndWhatIsQueuedIsWrittenAtStop() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BatchingConsoleAppender appender = appender(out, 100_000);
        for (int i = 0; i < 20_000; i++) {
            appender.doAppend(event("Check done [n: {}]", i));
        }
        appender.stop();

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(20_000, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals("INFO Check done [n: " + i + "]", lines.get(i));
        }
        assertEquals(0, appender.dropped());
    }

    @Test
    void aStuckOutputNeverBlocksTheLoggerAndDropsAreCountedAndSaid() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuckNow = new CountDownLatch(1);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                try {
                    stuckNow.countDown();
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                written.write(bytes, offset, length);
            }
        };
        BatchingConsoleAppender appender = appender(stuck, 10);
        appender.doAppend(event("first {}", 0));
        assertTrue(stuckNow.await(5, TimeUnit.SECONDS), "the writer is stuck writing the first line");
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            appender.doAppend(event("line {}", i));
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < 2_000, "1,000 events appended in " + ms + " ms while the output was stuck");
        assertEquals(1_000 - 10, appender.dropped(), "beyond the queue of 10, events are dropped");

        release.countDown();
        assertTrue(io.syncer.testing.Await.until(() -> written.toString(StandardCharsets.UTF_8).contains("INFO line 9\n"), 5_000));
        appender.doAppend(event("after {}", 1));
        appender.stop();
        String text = written.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("INFO first 0\n"), text);
        assertTrue(text.contains("log: 990 log events dropped (the output could not keep up)"), text);
        assertTrue(text.contains("INFO line 9\n") && !text.contains("INFO line 10\n"), "the queued ones are kept: " + text);
        assertTrue(text.endsWith("INFO after 1\n"), text);
    }

    private BatchingConsoleAppender appender(OutputStream target, int queueSize) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %msg%n");
        encoder.start();
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setQueueSize(queueSize);
        appender.setTarget(target);
        appender.start();
        return appender;
    }

    private LoggingEvent event(String message, Object argument) {
        return new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, new Object[] {argument});
    }
}
