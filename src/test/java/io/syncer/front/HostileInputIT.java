package io.syncer.front;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.syncer.testing.Await;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile pods and hostile clients: syncer stays bounded, answers by its deadline and says what was wrong, as JSON. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HostileInputIT {

    @Test
    void aPodStreaming200MiBFailsTooLargeAtOnceAndIsNotRead(Vertx vertx) throws Exception {
        AtomicLong sent = new AtomicLong();
        AtomicBoolean closed = new AtomicBoolean();
        HttpServer flood = await(vertx.createHttpServer().requestHandler(request -> {
            request.response().setChunked(true);
            request.connection().closeHandler(v -> closed.set(true));
            Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
            vertx.setPeriodic(1, id -> {
                if (closed.get() || sent.get() >= 200L * 1024 * 1024) {
                    vertx.cancelTimer(id);
                    return;
                }
                while (!request.response().writeQueueFull() && sent.get() < 200L * 1024 * 1024) {
                    request.response().write(chunk);
                    sent.addAndGet(chunk.length());
                }
            });
        }).listen(0, "127.0.0.1"));
        SyncerFixture syncer = SyncerFixture.start(vertx, 1, TestMetrics.create(), config -> config.getJsonObject("discovery")
                .getJsonArray("static").add(new JsonObject().put("name", "gw-flood").put("address", "127.0.0.1:" + flood.actualPort())));
        syncer.pods.get(0).learn("big");

        long start = System.nanoTime();
        JsonObject answer = await(syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", "big").send()).bodyAsJsonObject();
        long ms = (System.nanoTime() - start) / 1_000_000;

        JsonObject floodResult = answer.getJsonArray("results").stream().map(JsonObject.class::cast)
                .filter(r -> r.getString("name").equals("gw-flood")).findFirst().orElseThrow();
        assertEquals("failed", floodResult.getString("outcome"), answer.encode());
        assertEquals("too_large", floodResult.getString("error"));
        assertEquals("Partialy", answer.getString("status"));
        assertTrue(ms < 1_000, "answered after " + ms + " ms, within the 1 s deadline");
        assertTrue(Await.until(closed::get, 5_000), "the pod's connection was closed");
        assertTrue(sent.get() < 32L * 1024 * 1024, "stopped reading after " + sent.get() / 1024 + " KiB of 200 MiB");
    }

    @Test
    void protocolErrorsAreAnsweredAsJsonWithConnectionClose(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> { });
        String longUrl = "/v1/synced?x=" + "a".repeat(64 * 1024);
        assertJsonError(raw(syncer.port, "GET " + longUrl + " HTTP/1.1\r\nHost: s\r\n\r\n"), 414);
        assertJsonError(raw(syncer.port, "GET /v1/synced HTTP/1.1\r\nHost: s\r\nX-Auth-Token: " + "t".repeat(16 * 1024) + "\r\n\r\n"), 431);
        assertJsonError(raw(syncer.port, "GET /v1/synced HTTP/1.1\r\nHost: s\r\nX-Auth-Token: bad\u0001token\r\n\r\n"), 400);
        assertEquals(200, await(syncer.client.get("/health/live").send()).statusCode(), "still serving");
    }

    @Test
    void aTokenHeaderSentTwiceIsRefusedAsAmbiguous(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> { });
        HttpResponse<Buffer> answer = await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", List.of("one", "two")).send());
        assertEquals(400, answer.statusCode());
        assertTrue(answer.bodyAsJsonObject().getString("message").contains("X-Auth-Token header is given 2 times"), answer.bodyAsString());
        syncer.pods.forEach(pod -> assertEquals(0, pod.requests()));
    }

    @Test
    void slowHeadersIdleConnectionsAndConnectionsBeyondTheCapAreClosed(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> config.getJsonObject("http")
                .put("headerTimeoutMs", 500).put("idleTimeoutMs", 1_000).put("maxConnections", 3));
        try (Socket slowloris = new Socket("127.0.0.1", syncer.port)) {
            OutputStream out = slowloris.getOutputStream();
            long start = System.nanoTime();
            boolean closedByServer = false;
            for (char c : "GET /v1/synced HTTP/1.1\r\nHost: syncer\r\nX-Auth-Token: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".toCharArray()) {
                try {
                    out.write(c);
                    out.flush();
                } catch (IOException reset) {
                    closedByServer = true;
                    break;
                }
                if (slowloris.getInputStream().available() < 0) {
                    break;
                }
                Thread.sleep(50); // time itself is under test: a header byte every 50 ms, never a whole header
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closedByServer, "a client sending a header byte every 50 ms is closed (after " + ms + " ms)");
            assertTrue(ms < 2_500, "within the header timeout: " + ms + " ms");
        }

        try (Socket idle = new Socket("127.0.0.1", syncer.port)) {
            idle.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: s\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            idle.setSoTimeout(5_000);
            long start = System.nanoTime();
            readAll(idle.getInputStream());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 900 && ms < 3_000, "an idle keep-alive connection is closed after http.idleTimeoutMs: " + ms + " ms");
        }

        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(new Socket("127.0.0.1", syncer.port));
            }
            String refusal = raw(syncer.port, "GET /health/live HTTP/1.1\r\nHost: s\r\n\r\n");
            assertJsonError(refusal, 503);
            assertTrue(refusal.toLowerCase().contains("retry-after: 1"), refusal);
            assertTrue(refusal.contains("http.maxConnections (3)"), refusal);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        // the server sees the held connections close a moment after the test does
        io.syncer.testing.Await.value(() -> await(syncer.client.get("/health/live").send()).statusCode(), status -> status == 200, 5_000);
    }

    @Test
    void twoThousandSilentConnectionsAreClosedAndTheirDescriptorsFreed(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> config.getJsonObject("http")
                .put("headerTimeoutMs", 500));
        long before = openFileDescriptors();
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 2_000; i++) {
                Socket socket = new Socket("127.0.0.1", syncer.port);
                socket.setSoTimeout(5_000);
                silent.add(socket);
            }
            // The client ends are certain; the server ends may already be closing when opening 2,000 took longer
            // than the header timeout (a slow CI machine), so they are proven by the reads and the fd count below.
            long open = openFileDescriptors();
            assertTrue(open >= before + 2_000, "2,000 client sockets open: " + (open - before));
            long start = System.nanoTime();
            for (Socket socket : silent) {
                assertEquals(-1, socket.getInputStream().read(), "closed by syncer");
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 4_000, "every silent connection closed within the header timeout (500 ms): after " + ms + " ms");
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
        }
        assertTrue(Await.until(() -> openFileDescriptors() <= before + 50, 5_000),
                "descriptors back to where they were: " + before + " -> " + openFileDescriptors());
        assertEquals(200, await(syncer.client.get("/health/live").send()).statusCode(), "still serving");
    }

    private static long openFileDescriptors() {
        try (var entries = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return entries.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void overloadIsRefusedAtOnceAndEveryAnswerLeavesByItsDeadline(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 3, TestMetrics.create(), config -> {
            config.getJsonObject("check").put("deadlineMs", 1_000).put("maxInFlight", 500);
            config.getJsonObject("http").put("instances", 2);
        });
        for (int i = 0; i < 300; i++) { // warm up the path (JIT) as a running service would be
            await(syncer.client.get("/v1/synced?deadlineMs=50").putHeader("X-Auth-Token", "warm-" + i).send());
        }
        syncer.pods.forEach(pod -> pod.delay(3_000));
        ListAppender<ILoggingEvent> logs = captureLogs();
        Logger syncerLogs = (Logger) LoggerFactory.getLogger("io.syncer");
        Level testLevel = syncerLogs.getLevel();
        syncerLogs.setLevel(Level.INFO); // as shipped: per-pod detail is DEBUG
        try {
            WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(syncer.port)
                    .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1_000).setMaxWaitQueueSize(-1));
            List<Future<long[]>> answers = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                long sent = System.nanoTime();
                answers.add(client.get("/v1/synced").putHeader("X-Auth-Token", "overload-" + i).send()
                        .map(response -> new long[] {response.statusCode(), (System.nanoTime() - sent) / 1_000_000,
                                response.statusCode() == 200 ? response.bodyAsJsonObject().getLong("elapsedMs") : 0}));
            }
            long[] times = new long[answers.size()];
            long[] serverTimes = new long[answers.size()];
            int timeouts = 0;
            int refused = 0;
            for (int i = 0; i < answers.size(); i++) {
                long[] answer = await(answers.get(i));
                times[i] = answer[1];
                serverTimes[i] = answer[2];
                if (answer[0] == 200) {
                    timeouts++;
                } else if (answer[0] == 503) {
                    refused++;
                }
            }
            long wallMs = (System.nanoTime() - start) / 1_000_000;
            Arrays.sort(times);
            Arrays.sort(serverTimes);
            long p99 = times[(int) (times.length * 0.99) - 1];
            System.out.printf("overload: 1000 checks, %d answered Timeout, %d refused 503, p50 %d ms, p99 %d ms, max %d ms, wall %d ms,"
                    + " elapsedMs (syncer's own, from arrival) p99 %d ms, max %d ms%n",
                    timeouts, refused, times[times.length / 2], p99, times[times.length - 1], wallMs,
                    serverTimes[(int) (serverTimes.length * 0.99) - 1], serverTimes[serverTimes.length - 1]);
            assertEquals(1_000, timeouts + refused);
            assertTrue(refused > 0, "beyond check.maxInFlight (500) refused at once");
            long[] answered = Arrays.stream(serverTimes).filter(t -> t > 0).sorted().toArray();
            long serverP99 = answered[(int) (answered.length * 0.99) - 1];
            // bounded here, where client, pods and syncer share one JVM and ~500 answers fall due in one burst; the target
            // (answers leave by deadline + 50 ms at p99) is measured with scripts/overload.sh (figures in the README), and
            // the mechanism that holds it (LoopLag) in CheckEngineTest
            assertTrue(serverP99 <= 1_000 + 250, "p99 of the answers' elapsedMs (from arrival) " + serverP99 + " ms for a 1000 ms deadline");
            assertTrue(p99 <= 1_000 + 1_000, "client-side p99 " + p99 + " ms (includes the client's own connection set-up on this machine)");
            // issue 17: a 503 is either beyond check.maxInFlight (rejected) or a check whose pods could not be asked (overloaded)
            double rejected = syncer.metrics.meters().registry().get("syncer.checks.rejected").counter().count();
            double overloaded = syncer.metrics.meters().registry().get("syncer.checks.overloaded").counter().count();
            assertEquals(refused, (int) (rejected + overloaded), "rejections counted: " + rejected + " rejected, " + overloaded + " overloaded");
            // other tests' Vertx instances closing in this JVM may trip the blocked-thread checker: not this check's logging
            synchronized (logs) { // the appender appends on the event loops, under its own lock
                logs.list.removeIf(e -> e.getLoggerName().endsWith("BlockedThreadChecker"));
            }
            long errorLines = logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).count();
            long infoOther = logs.list.stream().filter(e -> e.getLevel() == Level.INFO && !e.getFormattedMessage().startsWith("Check done")
                    && !e.getFormattedMessage().startsWith("Check refused")).count();
            assertTrue(errorLines <= 1, "at most the one WARN summary: " + logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage).limit(3).toList());
            assertTrue(infoOther < 10, "INFO lines other than one per check: " + infoOther);
            // the timed-out checks' requests to the slow pods were reset, and counted (the counter exists at 0 from the start)
            assertTrue(syncer.metrics.meters().registry().get("syncer.pod.requests.cancelled").counter().count() > 0,
                    "cancelled pod requests are counted");
        } finally {
            syncerLogs.setLevel(testLevel);
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        }
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        return appender;
    }

    private static void assertJsonError(String response, int status) {
        assertTrue(response.matches("(?s)HTTP/1\\.[01] " + status + " .*"), response.lines().findFirst().orElse(""));
        assertTrue(response.toLowerCase().contains("connection: close"), response);
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        JsonObject json = new JsonObject(body);
        assertEquals(status, json.getInteger("status"));
        assertTrue(json.getString("message").length() > 10, body);
    }

    /** Sends raw bytes and reads until the server closes the connection. */
    private static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return readAll(socket.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            bytes.write(buffer, 0, n);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
