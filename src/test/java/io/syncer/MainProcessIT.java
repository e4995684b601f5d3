package io.syncer;

import io.syncer.testing.Configs;
import io.syncer.testing.ChildSyncer;
import io.syncer.testing.Await;
import io.syncer.testing.FakePod;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as an operator uses it: a real JVM process running {@link Main}. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MainProcessIT {

    @Test
    void checkConfigPrintsTheEffectiveConfigOrOneLineNamingTheKey(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "discovery:\n  kubernetes:\n    deployment: apigw\ncheck:\n  deadlineMs: 1500\n");
        Result ok = run(List.of("--check-config", good.toString()));
        assertEquals(0, ok.exit, ok.stderr);
        JsonObject effective = new JsonObject(ok.stdout);
        assertEquals(1500, effective.getJsonObject("check").getInteger("deadlineMs"));
        assertEquals(3, effective.getJsonObject("check").getInteger("attempts"), "defaults are filled in");
        assertEquals("kubernetes", effective.getJsonObject("discovery").getString("mode"));

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "discovery:\n  kubernetes:\n    deployment: apigw\ncheck:\n  attempts: 0\n");
        Result rejected = run(List.of("--check-config", bad.toString()));
        assertEquals(1, rejected.exit);
        assertEquals("syncer: invalid configuration: check.attempts: must be between 1 and 1000, got 0", rejected.stderr.strip());
    }

    @Test
    void anInvalidConfigStopsStartUpWithExitCode1(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"discovery\": {\"mode\": \"static\", \"static\": [{\"address\": \"nowhere\"}]}}");
        Result result = run(List.of("--conf", bad.toString()));
        assertEquals(1, result.exit);
        assertTrue(result.stderr.contains("discovery.static[0].address"), result.stderr);
    }

    @Test
    void helpAndVersionAnswerAndExit0() throws Exception {
        Result help = run(List.of("--help"));
        assertEquals(0, help.exit);
        assertTrue(help.stdout.contains("--check-config"));
        Result version = run(List.of("--version"));
        assertEquals(0, version.exit);
        assertTrue(version.stdout.startsWith("syncer "));
        assertEquals(2, run(List.of("--frobnicate")).exit);
    }

    @Test
    void sigtermLetsTheInFlightCheckFinishThenExits0(Vertx vertx, @TempDir Path dir) throws Exception {
        FakePod quick = await(FakePod.start(vertx, "gw-a"));
        FakePod slow = await(FakePod.start(vertx, "gw-b"));
        quick.learn("t");
        slow.hang();
        JsonObject config = Configs.staticPods(List.of(quick, slow), 0);
        config.getJsonObject("check").put("deadlineMs", 1500);
        ChildSyncer.Listening child = ChildSyncer.startListening(config, dir);
        Process process = child.process();
        int port = child.port();
        try {
            WebClient client = WebClient.create(vertx);
            ChildSyncer.waitUntilReady(client, port);

            Future<HttpResponse<Buffer>> inFlight = client.get(port, "127.0.0.1", "/v1/synced").putHeader("X-Auth-Token", "t").send();
            assertTrue(Await.until(() -> slow.requests() >= 1, 10_000), "the check is in flight (waiting for the hanging pod)");
            process.destroy();

            HttpResponse<Buffer> answer = await(inFlight);
            assertEquals(200, answer.statusCode());
            assertEquals("Timeout", answer.bodyAsJsonObject().getString("status"));
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the process exits");
            assertEquals(0, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void sigtermLetsALongCheckAnswerItsTrueVerdictByItsOwnDeadlineThenExits0(Vertx vertx, @TempDir Path dir) throws Exception {
        FakePod knows = await(FakePod.start(vertx, "gw-a"));
        FakePod learnsLate = await(FakePod.start(vertx, "gw-b"));
        knows.learn("long");
        JsonObject config = Configs.staticPods(List.of(knows, learnsLate), 0);
        config.getJsonObject("check").put("deadlineMs", 1000).put("maxDeadlineMs", 10_000).put("attempts", 200).put("retryDelayMs", 100);
        ChildSyncer.Listening child = ChildSyncer.startListening(config, dir);
        Process process = child.process();
        int port = child.port();
        try {
            WebClient client = WebClient.create(vertx);
            ChildSyncer.waitUntilReady(client, port);

            long start = System.nanoTime();
            Future<HttpResponse<Buffer>> inFlight = client.get(port, "127.0.0.1", "/v1/synced?deadlineMs=8000")
                    .putHeader("X-Auth-Token", "long").send();
            vertx.setTimer(5_000, id -> learnsLate.learn("long"));
            assertTrue(Await.until(() -> learnsLate.requests() >= 2, 10_000), "the check is in flight (asking the late pod again)");
            process.destroy();
            // after http.drainDelayMs (1000 by default) keep-alive clients have moved on and no new connection is accepted
            WebClient fresh = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setKeepAlive(false));
            assertTrue(Await.until(() -> {
                try {
                    await(fresh.get(port, "127.0.0.1", "/health/live").send());
                    return false;
                } catch (Exception refusedNow) {
                    return true;
                }
            }, 5_000), "no new connection is accepted while draining");

            HttpResponse<Buffer> answer = await(inFlight);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, answer.statusCode());
            assertEquals("Synced", answer.bodyAsJsonObject().getString("status"), answer.bodyAsString());
            assertTrue(ms >= 4_900 && ms < 8_000, "answered after " + ms + " ms");
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the process exits");
            assertEquals(0, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void sigtermWithKeepAliveClientsAnswersWithConnectionCloseAndLosesNothingWhileDraining(Vertx vertx, @TempDir Path dir) throws Exception {
        FakePod a = await(FakePod.start(vertx, "gw-a"));
        FakePod b = await(FakePod.start(vertx, "gw-b"));
        a.learn("keep");
        b.learn("keep");
        ChildSyncer.Listening child = ChildSyncer.startListening(Configs.staticPods(List.of(a, b), 0), dir);
        Process process = child.process();
        int port = child.port();
        try {
            ChildSyncer.waitUntilReady(WebClient.create(vertx), port);
            java.util.concurrent.atomic.AtomicLong terminatedAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
            List<String> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Future<Void>> loops = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                WebClient client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setKeepAlive(true),
                        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(1));
                io.vertx.core.Promise<Void> loop = io.vertx.core.Promise.promise();
                loops.add(loop.future());
                keepAsking(vertx, client, port, System.currentTimeMillis() + 3_500, terminatedAt, outcomes, loop);
            }
            assertTrue(Await.until(() -> outcomes.size() >= 40, 10_000), "the four clients are busy: " + outcomes.size());
            terminatedAt.set(System.currentTimeMillis());
            process.destroy();
            await(Future.all(loops));
            assertTrue(process.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue());

            // during http.drainDelayMs (1000) no request is lost; when the listener then closes, a request a client has
            // just written on a connection it opened a moment before can still be cut: at most one per client
            List<String> dropped = outcomes.stream().filter(o -> o.startsWith("dropped")).toList();
            assertTrue(dropped.stream().allMatch(o -> Long.parseLong(o.split(" ")[1]) >= 1_000), "lost during the drain delay: " + dropped);
            assertTrue(dropped.size() <= 4, "at most one per client at the listener's close: " + dropped);
            assertTrue(outcomes.stream().anyMatch(o -> o.equals("answered-after-sigterm-with-close")),
                    "answers after SIGTERM carry Connection: close: " + outcomes.stream().distinct().toList());
            assertTrue(outcomes.stream().anyMatch(o -> o.equals("refused")), "then new connections are refused");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void sigtermWithSixteenBusyKeepAliveClientsLosesAtMostOneRequestAndExitsInTime(Vertx vertx, @TempDir Path dir) throws Exception {
        FakePod a = await(FakePod.start(vertx, "gw-a"));
        FakePod b = await(FakePod.start(vertx, "gw-b"));
        a.learn("keep");
        b.learn("keep");
        JsonObject config = Configs.staticPods(List.of(a, b), 0);
        config.getJsonObject("check").put("maxDeadlineMs", 2_000);
        config.getJsonObject("http").put("drainDelayMs", 1_000).put("closeGraceMs", 500);
        ChildSyncer.Listening child = ChildSyncer.startListening(config, dir);
        Process process = child.process();
        int port = child.port();
        try {
            ChildSyncer.waitUntilReady(WebClient.create(vertx), port);
            java.util.concurrent.atomic.AtomicBoolean terminated = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger answeredAfterTerm = new java.util.concurrent.atomic.AtomicInteger();
            List<String> lost = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> clients = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            for (int i = 0; i < 16; i++) {
                Thread client = new Thread(() -> KeepAliveClient.run(port, deadline, terminated, answered, answeredAfterTerm, lost));
                client.start();
                clients.add(client);
            }
            assertTrue(Await.until(() -> answered.get() >= 160, 10_000), "the sixteen clients are busy: " + answered.get());
            long termAt = System.nanoTime();
            terminated.set(true);
            process.destroy();
            assertTrue(process.waitFor(2_000 + 5_000, TimeUnit.MILLISECONDS), "exit within check.maxDeadlineMs + 5 s");
            long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - termAt);
            assertEquals(0, process.exitValue());
            for (Thread client : clients) {
                client.join(10_000);
            }
            System.out.printf("shutdown: %d answered, %d after SIGTERM, %d lost, exit after %d ms%n", answered.get(), answeredAfterTerm.get(),
                    lost.size(), exitMs);
            assertTrue(answeredAfterTerm.get() > 16, "the clients kept asking during the drain: " + answeredAfterTerm.get());
            assertTrue(lost.size() <= 1, "requests cut without an answer: " + lost);
        } finally {
            process.destroyForcibly();
        }
    }

    /** A client on a raw keep-alive socket: asks, reads the whole answer, reconnects on Connection: close, counts what was cut. */
    private static final class KeepAliveClient {
        static void run(int port, long deadline, java.util.concurrent.atomic.AtomicBoolean terminated,
                        java.util.concurrent.atomic.AtomicInteger answered, java.util.concurrent.atomic.AtomicInteger answeredAfterTerm,
                        List<String> lost) {
            java.net.Socket socket = null;
            while (System.currentTimeMillis() < deadline) {
                try {
                    if (socket == null) {
                        socket = new java.net.Socket();
                        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1_000);
                        socket.setSoTimeout(5_000);
                    }
                } catch (IOException refused) {
                    socket = null;
                    if (terminated.get()) {
                        return; // the listener is closed: the client moves on to another replica
                    }
                    continue;
                }
                boolean afterTerm = terminated.get();
                try {
                    socket.getOutputStream().write("GET /v1/synced HTTP/1.1\r\nHost: syncer\r\nX-Auth-Token: keep\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    boolean close = readAnswer(socket.getInputStream());
                    answered.incrementAndGet();
                    if (afterTerm) {
                        answeredAfterTerm.incrementAndGet();
                    }
                    if (close) {
                        socket.close();
                        socket = null;
                    }
                } catch (IOException cut) {
                    lost.add((afterTerm ? "after" : "before") + " SIGTERM: " + cut);
                    closeQuietly(socket);
                    socket = null;
                }
            }
        }

        /** Reads one whole answer; true when it says Connection: close. */
        private static boolean readAnswer(java.io.InputStream in) throws IOException {
            String statusLine = line(in);
            if (!statusLine.startsWith("HTTP/1.1 ")) {
                throw new IOException("no answer: '" + statusLine + "'");
            }
            int length = 0;
            boolean close = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (in.readNBytes(length).length != length) {
                throw new IOException("answer cut");
            }
            return close;
        }

        private static String line(java.io.InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed" + (line.length() == 0 ? "" : " mid-line"));
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        private static void closeQuietly(java.net.Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** Asks again and again on one keep-alive connection until {@code endMs}, classifying every outcome. */
    private static void keepAsking(Vertx vertx, WebClient client, int port, long endMs, java.util.concurrent.atomic.AtomicLong terminatedAt,
                                   List<String> outcomes, io.vertx.core.Promise<Void> loop) {
        if (System.currentTimeMillis() > endMs) {
            loop.complete();
            return;
        }
        client.get(port, "127.0.0.1", "/v1/synced").putHeader("X-Auth-Token", "keep").send().onComplete(done -> {
            boolean afterTerm = System.currentTimeMillis() > terminatedAt.get();
            if (done.succeeded()) {
                String connection = String.valueOf(done.result().getHeader("Connection"));
                outcomes.add(!afterTerm ? "answered" : connection.equalsIgnoreCase("close") ? "answered-after-sigterm-with-close"
                        : "answered-after-sigterm");
            } else if (done.cause() instanceof java.net.ConnectException) {
                outcomes.add("refused");
            } else {
                outcomes.add("dropped " + (System.currentTimeMillis() - terminatedAt.get()) + " ms after SIGTERM: " + done.cause());
            }
            vertx.setTimer(done.succeeded() ? 5 : 50, id -> keepAsking(vertx, client, port, endMs, terminatedAt, outcomes, loop));
        });
    }

    @Test
    void aYamlSyntaxErrorIsOneLineWithFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("broken.yaml");
        Files.writeString(bad, "check:\n  deadlineMs: 100\n   attempts: [1, 2\n");
        Result result = run(List.of("--check-config", bad.toString()));
        assertEquals(1, result.exit);
        assertEquals(1, result.stderr.strip().lines().count(), result.stderr);
        assertEquals("syncer: invalid configuration: --conf: cannot read " + bad + ":3:12: mapping values are not allowed here",
                result.stderr.strip());
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(List<String> args) throws Exception {
        Process process = ChildSyncer.start(args, false);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(process.exitValue(), read(process.getInputStream()), read(process.getErrorStream()));
    }

    private static String read(java.io.InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
