package io.syncer.check;

import io.syncer.testing.Await;
import io.syncer.testing.CapturedLogs;
import io.syncer.testing.FakePod;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * check.keyval.repair: fake NGINX Plus pods with the keyval write API as documented (POST 201/409, PATCH 204/404, 405 on
 * a read-only API). A pod still behind after afterMs is written what it lacks, once per check, and read again.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadRepairTest {

    private static final String TOKEN = "login-token";
    /** How long the lagging pod would take to learn the token by itself (zone_sync). */
    private static final int LAG_MS = 1_500;

    private static SyncerFixture start(Vertx vertx, Consumer<JsonObject> repair) throws Exception {
        JsonObject repairConfig = new JsonObject().put("enabled", true).put("afterMs", 50);
        repair.accept(repairConfig);
        return SyncerFixture.start(vertx, 3, TestMetrics.create(), config -> config.getJsonObject("check")
                .put("probe", "keyval").put("attempts", 100).put("retryDelayMs", 100)
                .put("keyval", new JsonObject().put("zone", "tokens").put("revokedValues", new JsonArray().add("revoked"))
                        .put("repair", repairConfig)));
    }

    /** gw-a (the origin) and gw-b hold the token; gw-c would learn it from zone_sync only after {@link #LAG_MS}. */
    private static void lagging(Vertx vertx, SyncerFixture syncer, String token) {
        syncer.pods.get(0).learn(token, "session-1");
        syncer.pods.get(1).learn(token, "session-1");
        vertx.setTimer(LAG_MS, id -> syncer.pods.get(2).learn(token, "session-1"));
    }

    private static JsonObject check(SyncerFixture syncer, String token, String query) throws Exception {
        String deadline = query.contains("deadlineMs=") ? "" : "&deadlineMs=5000";
        HttpResponse<Buffer> answer = await(syncer.client.get("/v1/synced?detail=true" + deadline + query)
                .putHeader("X-Auth-Token", token).putHeader("X-Origin", "gw-a").send());
        assertEquals(200, answer.statusCode(), answer.bodyAsString());
        return answer.bodyAsJsonObject();
    }

    private static JsonObject result(JsonObject report, String pod) {
        return report.getJsonArray("results").stream().map(JsonObject.class::cast)
                .filter(result -> result.getString("name").equals(pod)).findFirst().orElseThrow();
    }

    private static double repairs(SyncerFixture syncer, String result) {
        return syncer.metrics.meters().registry().get("syncer.keyval.repairs").tag("result", result).counter().count();
    }

    @Test
    void aLaggingPodIsWrittenTheOriginsValueAndTheCheckIsSyncedLongBeforeZoneSyncWouldHaveDoneIt(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx, repair -> { });
        lagging(vertx, syncer, TOKEN);

        JsonObject report = check(syncer, TOKEN, "");

        assertEquals("Synced", report.getString("status"), report.encode());
        assertTrue(report.getLong("elapsedMs") < LAG_MS / 2, "answered after " + report.getLong("elapsedMs") + " ms, not after the lag");
        assertEquals(true, result(report, "gw-c").getBoolean("repaired"), report.encode());
        assertNull(result(report, "gw-b").getBoolean("repaired"), "a pod that had the key is not written");
        assertEquals(List.of("POST"), syncer.pods.get(2).writes());
        assertEquals("session-1", syncer.pods.get(2).valueOf(TOKEN), "the origin's value, read from the origin");
        assertEquals(List.of(), syncer.pods.get(1).writes());
        assertEquals(List.of(), syncer.pods.get(0).writes(), "the origin is read, never written");
        assertEquals(1.0, repairs(syncer, "written"));
        String metrics = syncer.metrics.meters().scrape();
        assertTrue(metrics.contains("syncer_propagation_repaired_seconds_count 1"), "kept apart: " + metrics);
        assertTrue(metrics.contains("syncer_propagation_seconds_count 0"), "zone_sync's histogram has no repaired wait");
        JsonObject status = await(syncer.client.get("/v1/status").send()).bodyAsJsonObject();
        assertEquals(1L, status.getJsonObject("repairs").getLong("written"), status.encode());
    }

    @Test
    void aRevocationWritesTheTombstoneAndEndsInOneWrite(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx, repair -> { });
        syncer.pods.get(0).learn(TOKEN, "revoked");
        syncer.pods.get(1).learn(TOKEN, "revoked");
        syncer.pods.get(2).learn(TOKEN, "session-1"); // zone_sync has not brought it the tombstone yet

        JsonObject report = check(syncer, TOKEN, "&expect=absent");

        assertEquals("Absent", report.getString("status"), report.encode());
        assertEquals(List.of("PATCH"), syncer.pods.get(2).writes());
        assertEquals("revoked", syncer.pods.get(2).valueOf(TOKEN));
        assertEquals(true, result(report, "gw-c").getBoolean("repaired"));
        assertTrue(report.getLong("elapsedMs") < 1_000, "not the keyval timeout: " + report.getLong("elapsedMs") + " ms");
    }

    @Test
    void anUpdateWritesTheValueTheCallerExpects(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx, repair -> { });
        syncer.pods.get(0).learn(TOKEN, "v2");
        syncer.pods.get(1).learn(TOKEN, "v2");

        HttpResponse<Buffer> answer = await(syncer.client.get("/v1/synced?detail=true&expect=value&value=v2&deadlineMs=3000")
                .putHeader("X-Auth-Token", TOKEN).send());

        assertEquals("Synced", answer.bodyAsJsonObject().getString("status"), answer.bodyAsString());
        assertEquals("v2", syncer.pods.get(2).valueOf(TOKEN), "written with the value asked for, no origin needed");
    }

    @Test
    void nothingIsWrittenWithoutAKnownValueNorOverAnotherValue(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx, repair -> { });
        syncer.pods.get(0).learn(TOKEN, "session-1");
        syncer.pods.get(1).learn(TOKEN, "revoked"); // a tombstone is never overwritten by a presence check

        HttpResponse<Buffer> noOrigin = await(syncer.client.get("/v1/synced?detail=true&deadlineMs=600")
                .putHeader("X-Auth-Token", TOKEN).send());
        assertEquals("Partialy", noOrigin.bodyAsJsonObject().getString("status"), noOrigin.bodyAsString());
        assertEquals(List.of(), syncer.pods.get(2).writes(), "no origin, no value: nothing written");

        JsonObject withOrigin = check(syncer, TOKEN, "&deadlineMs=600");
        assertEquals("Partialy", withOrigin.getString("status"), "gw-b's tombstone stands: " + withOrigin.encode());
        assertEquals(List.of("POST"), syncer.pods.get(2).writes(), "with the origin's value, the pod without the key is written");
        assertEquals(List.of(), syncer.pods.get(1).writes(), "a pod holding the tombstone is left alone");
        assertEquals("revoked", syncer.pods.get(1).valueOf(TOKEN));
    }

    @Test
    void aKeyThatArrivedMeanwhileIs409AndThePodIsReadAgainNotCountedAsRepaired(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx, repair -> { });
        syncer.pods.get(0).learn(TOKEN, "session-1");
        syncer.pods.get(1).learn(TOKEN, "session-1");
        syncer.pods.get(2).learn(TOKEN, "session-1");
        syncer.pods.get(2).hideFromReads(TOKEN, 400); // zone_sync brought it just after the pod was read

        JsonObject report = check(syncer, TOKEN, "");

        assertEquals("Synced", report.getString("status"), report.encode());
        assertEquals(List.of("POST"), syncer.pods.get(2).writes(), "written once, answered 409 KeyvalKeyExists");
        assertEquals(1.0, repairs(syncer, "exists"));
        assertEquals(0.0, repairs(syncer, "written"));
        assertNull(result(report, "gw-c").getBoolean("repaired"), "the pod had it already: not repaired");
        assertEquals("session-1", syncer.pods.get(2).valueOf(TOKEN), "never overwritten");
    }

    @Test
    void aSlowWriteNeverDelaysAnAnswerAndEndsWithTheDeadline(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx, repair -> { });
        syncer.pods.get(0).learn(TOKEN, "session-1"); // the origin; gw-b and gw-c lag 1.5 s
        vertx.setTimer(LAG_MS, id -> syncer.pods.forEach(pod -> pod.learn(TOKEN, "session-1")));
        syncer.pods.get(2).delayNextWrite(3_000); // gw-b's write is quick, gw-c's takes 3 s

        JsonObject quorum = check(syncer, TOKEN, "&min=2");
        assertEquals("Synced", quorum.getString("status"), "origin + gw-b, repaired: " + quorum.encode());
        assertEquals(true, result(quorum, "gw-b").getBoolean("repaired"));
        assertTrue(quorum.getLong("elapsedMs") < 500, "not held by gw-c's write: " + quorum.getLong("elapsedMs") + " ms");

        String next = TOKEN + "-next";
        syncer.pods.get(0).learn(next, "session-2");
        syncer.pods.get(1).delayNextWrite(3_000);
        syncer.pods.get(2).delayNextWrite(3_000);
        JsonObject bounded = check(syncer, next, "&deadlineMs=600");
        assertEquals("Partialy", bounded.getString("status"), bounded.encode());
        assertTrue(bounded.getLong("elapsedMs") < 1_000, "answered by its deadline, the writes still pending: "
                + bounded.getLong("elapsedMs") + " ms");
    }

    @Test
    void repairFalseTurnsItOffForOneCheck(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx, repair -> { });
        lagging(vertx, syncer, TOKEN);

        JsonObject report = check(syncer, TOKEN, "&repair=false&deadlineMs=600");

        // Partialy, or Timeout when a busy machine had gw-c's last retry in flight at the deadline: not Synced either way
        assertTrue(List.of("Partialy", "Timeout").contains(report.getString("status")), report.encode());
        assertNotEquals("synced", result(report, "gw-c").getString("outcome"), report.encode());
        assertNull(result(report, "gw-c").getBoolean("repaired"));
        assertEquals(List.of(), syncer.pods.get(2).writes());
    }

    @Test
    void aPodThatRefusesWritesIsWaitedForWithoutFailingTheCheckAndNotWrittenAgainForAWhile(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx, repair -> { });
        syncer.pods.get(2).readOnlyApi();
        try (CapturedLogs logs = CapturedLogs.start()) {
            lagging(vertx, syncer, TOKEN);
            JsonObject report = check(syncer, TOKEN, "");

            assertEquals("Synced", report.getString("status"), "waited for as without repair: " + report.encode());
            assertTrue(report.getLong("elapsedMs") >= LAG_MS - 100, "synced by zone_sync: " + report.getLong("elapsedMs"));
            assertNull(result(report, "gw-c").getBoolean("repaired"));
            assertEquals(1.0, repairs(syncer, "refused"));
            assertTrue(logs.events().stream().anyMatch(e -> e.getLevel().toString().equals("WARN")
                    && e.getFormattedMessage().contains("api write=on") && e.getFormattedMessage().contains("gw-c")), "one WARN with the hint");

            String next = TOKEN + "-next";
            lagging(vertx, syncer, next);
            assertEquals("Synced", check(syncer, next, "").getString("status"));
            assertEquals(List.of("POST"), syncer.pods.get(2).writes(), "not written again during its backoff");
            assertEquals(1, logs.events().stream().filter(e -> e.getFormattedMessage().contains("api write=on")).count());
        }
    }

    @Test
    void coalescedCallersShareOneWrite(Vertx vertx) throws Exception {
        SyncerFixture syncer = start(vertx, repair -> { });
        lagging(vertx, syncer, TOKEN);

        List<Future<HttpResponse<Buffer>>> answers = List.of(0, 1, 2, 3).stream().map(i -> syncer.client
                .get("/v1/synced?deadlineMs=5000").putHeader("X-Auth-Token", TOKEN).putHeader("X-Origin", "gw-a").send()).toList();
        for (Future<HttpResponse<Buffer>> answer : answers) {
            assertEquals("Synced", await(answer).bodyAsJsonObject().getString("status"));
        }
        assertEquals(List.of("POST"), syncer.pods.get(2).writes(), "one write for every caller");
        assertTrue(syncer.metrics.meters().registry().get("syncer.checks.coalesced").counter().count() >= 1, "the callers shared");
    }

    @Test
    void theCredentialsFileIsSentAndReReadWhenItChanges(Vertx vertx, @TempDir Path dir) throws Exception {
        Path credentials = dir.resolve("nginx-api-authorization");
        Files.writeString(credentials, "Basic c3luY2VyOm9uZQ==\n");
        SyncerFixture syncer = start(vertx, repair -> repair.put("authorizationFile", credentials.toString()));
        lagging(vertx, syncer, TOKEN);
        assertEquals("Synced", check(syncer, TOKEN, "").getString("status"));
        assertEquals(List.of("Basic c3luY2VyOm9uZQ=="), syncer.pods.get(2).writeAuthorizations());
        assertEquals(null, syncer.pods.get(2).lastAuthorization(), "the reads carry no credentials");

        Files.writeString(credentials, "Basic c3luY2VyOnR3bw==\n");
        int[] round = {0};
        assertTrue(Await.until(() -> {
            try {
                String token = TOKEN + "-" + round[0]++;
                lagging(vertx, syncer, token);
                check(syncer, token, "");
                List<String> sent = syncer.pods.get(2).writeAuthorizations();
                return sent.get(sent.size() - 1).equals("Basic c3luY2VyOnR3bw==");
            } catch (Exception e) {
                return false;
            }
        }, 15_000), "the changed file is read again: " + syncer.pods.get(2).writeAuthorizations());
    }
}
