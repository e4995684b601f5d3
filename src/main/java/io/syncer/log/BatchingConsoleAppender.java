package io.syncer.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log events to standard output in batches, from one writer thread, so that an event loop logging a line per
 * check pays for a queue offer and nothing else: no lock held while writing, no thread woken per event, no system call
 * per line. The writer wakes every {@code flushIntervalMs} (default 10 ms), encodes whatever is queued into one buffer and
 * writes it with one call. (Logback's AsyncAppender wakes its worker for every event and writes each line on its own;
 * the benchmarks, src/site/markdown/benchmarks.md, say what that cost.)
 *
 * <p>When {@code queueSize} events are waiting (the console cannot keep up), new events are dropped, never waited for;
 * the next batch says how many were dropped. Stopping (the logback shutdown hook) writes what is queued.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final int MAX_BATCH = 4_096;

    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 65_536;
    private long flushIntervalMs = 10;
    private OutputStream target;
    private ArrayBlockingQueue<ILoggingEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean stopping;
    private Thread writer;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setFlushIntervalMs(long flushIntervalMs) {
        this.flushIntervalMs = flushIntervalMs;
    }

    /** Where the lines go instead of standard output (tests). */
    void setTarget(OutputStream target) {
        this.target = target;
    }

    /** Events dropped because the queue was full, since start. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for appender " + name);
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        OutputStream out = new BufferedOutputStream(target != null ? target : System.out, 64 * 1024);
        writer = new Thread(() -> writeUntilStopped(out), "syncer-log-writer");
        writer.setDaemon(true);
        writer.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeUntilStopped(OutputStream out) {
        List<ILoggingEvent> batch = new ArrayList<>(MAX_BATCH);
        long reportedDrops = 0;
        while (true) {
            boolean last = stopping;
            queue.drainTo(batch, MAX_BATCH);
            long drops = dropped.get();
            try {
                if (drops > reportedDrops) {
                    out.write(("log: " + (drops - reportedDrops) + " log events dropped (the output could not keep up)\n")
                            .getBytes(StandardCharsets.UTF_8));
                    reportedDrops = drops;
                }
                for (ILoggingEvent event : batch) {
                    out.write(encoder.encode(event));
                }
                out.flush();
            } catch (IOException | RuntimeException e) {
                addError("cannot write log events", e);
            }
            boolean drained = batch.size() < MAX_BATCH;
            batch.clear();
            if (last && queue.isEmpty()) {
                return;
            }
            if (drained) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(flushIntervalMs));
            }
        }
    }
}
