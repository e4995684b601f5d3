package io.syncer.config;

import io.syncer.Syncer;
import io.syncer.testing.Configs;
import io.syncer.testing.FakePod;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config file changes under a running syncer: check.* and static pods apply; an invalid change is rejected. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigReloadTest {

    private static final String TOKEN = "reload-token";

    @Test
    void validChangesApplyWithoutRestartAndInvalidOnesAreRejected(Vertx vertx, @TempDir Path dir) throws Exception {
        FakePod a = await(FakePod.start(vertx, "gw-a"));
        FakePod b = await(FakePod.start(vertx, "gw-b"));
        FakePod c = await(FakePod.start(vertx, "gw-c"));
        Path file = dir.resolve("syncer.json");
        JsonObject config = Configs.staticPods(List.of(a, b), 0);
        Files.writeString(file, config.encodePrettily());
        SyncerConfig initial = await(ConfigLoader.load(vertx, file, Map.of()));
        int port = await(Syncer.deploy(vertx, initial, () -> null, TestMetrics.create())).httpPort();
        await(vertx.deployVerticle(new ConfigWatcher(file, Map.of(), 100, initial)));
        WebClient client = WebClient.create(vertx);

        JsonObject before = detail(client, port);
        assertEquals(2, before.getInteger("pods"));
        assertEquals(3, before.getJsonArray("results").getJsonObject(0).getInteger("attempts"));

        config.getJsonObject("check").put("attempts", 1);
        config.getJsonObject("discovery").getJsonArray("static")
                .add(new JsonObject().put("name", "gw-c").put("address", c.pod().address()));
        Files.writeString(file, config.encodePrettily());
        JsonObject after = waitFor(client, port, report -> report.getInteger("pods") == 3);
        assertEquals(2L, after.getLong("generation"));
        assertEquals(1, after.getJsonArray("results").getJsonObject(0).getInteger("attempts"));

        try (io.syncer.testing.CapturedLogs logs = io.syncer.testing.CapturedLogs.start()) {
            Files.writeString(file, config.copy().put("check", new JsonObject().put("attempts", "lots")).encodePrettily());
            // the watcher read the bad file and said so: only then does "kept" mean anything
            logs.awaitMessage("Config change rejected", 10_000);
        }
        JsonObject kept = detail(client, port);
        assertEquals(3, kept.getInteger("pods"));
        assertEquals(1, kept.getJsonArray("results").getJsonObject(0).getInteger("attempts"), "the running config stayed");
    }

    @Test
    void aChangeOnlyARestartAppliesIsSaidSoNamedAndShownAsRestartPending(Vertx vertx, @TempDir Path dir) throws Exception {
        FakePod a = await(FakePod.start(vertx, "gw-a"));
        FakePod b = await(FakePod.start(vertx, "gw-b"));
        Path file = dir.resolve("syncer.json");
        JsonObject config = Configs.staticPods(List.of(a, b), 0);
        Files.writeString(file, config.encodePrettily());
        SyncerConfig initial = await(ConfigLoader.load(vertx, file, Map.of()));
        int port = await(Syncer.deploy(vertx, initial, () -> null, TestMetrics.create())).httpPort();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try {
            await(vertx.deployVerticle(new ConfigWatcher(file, Map.of(), 100, initial)));
            WebClient client = WebClient.create(vertx);

            config.getJsonObject("check").put("attempts", 1).put("maxInFlight", 7);
            config.getJsonObject("http").put("maxConnections", 99);
            Files.writeString(file, config.encodePrettily());
            waitFor(client, port, report -> report.getJsonArray("results").getJsonObject(0).getInteger("attempts") == 1);
            assertTrue(io.syncer.testing.Await.until(() -> snapshot(logs).stream().anyMatch(e -> e.getFormattedMessage()
                    .startsWith("Config change to http.maxConnections, check.maxInFlight takes effect at the next restart")), 5_000),
                    "one WARN naming the keys only a restart applies: " + snapshot(logs));
            assertTrue(snapshot(logs).stream().anyMatch(e -> e.getFormattedMessage().startsWith("Config change applied")
                    && e.getFormattedMessage().contains("[keys: check.attempts]")), "the INFO names only what was applied");
            JsonObject ready = await(client.get(port, "127.0.0.1", "/health/ready").send()).bodyAsJsonObject();
            assertEquals(List.of("http.maxConnections", "check.maxInFlight").stream().sorted().toList(),
                    ready.getJsonArray("checks").getJsonObject(0).getJsonObject("data").getJsonArray("restartPending").getList().stream()
                            .map(String::valueOf).sorted().toList(), "readiness shows restartPending: " + ready.encode());
        } finally {
            root.detachAppender(logs);
        }
    }

    @Test
    void aChangedKeyIsFoundByItsDottedNameAtAnyDepth() {
        JsonObject was = new JsonObject().put("http", new JsonObject().put("tls", new JsonObject().put("clientCaFile", "/a.pem")))
                .put("check", new JsonObject().put("attempts", 3));
        JsonObject is = was.copy();
        is.getJsonObject("http").getJsonObject("tls").put("clientCaFile", "/b.pem");
        is.getJsonObject("check").put("pod", new JsonObject().put("tls", new JsonObject().put("caFile", "/ca.pem")));
        assertEquals(List.of("http.tls.clientCaFile", "check.pod.tls.caFile"), ConfigWatcher.changedKeys(was, is));
        assertEquals(List.of(), ConfigWatcher.changedKeys(was, was.copy()));
    }

    private static JsonObject detail(WebClient client, int port) throws Exception {
        return await(client.get(port, "127.0.0.1", "/v1/synced?detail=true").putHeader("X-Auth-Token", TOKEN).send()).bodyAsJsonObject();
    }

    /** The events so far: the appender appends on the event loops, under its own lock. */
    private static java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> snapshot(
            ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs) {
        synchronized (logs) {
            return new java.util.ArrayList<>(logs.list);
        }
    }

    private static JsonObject waitFor(WebClient client, int port, java.util.function.Predicate<JsonObject> condition) throws Exception {
        return io.syncer.testing.Await.value(() -> detail(client, port), condition, 10_000);
    }

}
