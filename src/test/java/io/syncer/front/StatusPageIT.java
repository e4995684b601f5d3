package io.syncer.front;

import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live status page in a real browser: headless Chromium (Debian's chromium, installed by .ci/run) opens
 * {@code GET /} of a running syncer with fake pods after checks were made, runs its script (which polls
 * {@code /v1/status}), and the test asserts on the DOM it rendered; a screenshot is kept in
 * {@code target/status-page.png}. Skipped where Chromium is not installed.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StatusPageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String TOKEN_PREFIX = "page-token-";

    @Test
    void thePageShowsDiscoveryThePodsTheirOutcomesAndTheVerdictCounts(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 3, TestMetrics.create(), config -> config.getJsonObject("check")
                .put("attempts", 2).put("retryDelayMs", 10).put("deadlineMs", 500));
        for (int i = 0; i < 5; i++) {
            String token = TOKEN_PREFIX + "synced-" + i;
            syncer.pods.forEach(pod -> pod.learn(token));
            assertEquals("Synced", check(syncer, token));
        }
        for (int i = 0; i < 2; i++) {
            String token = TOKEN_PREFIX + "partly-" + i;
            syncer.pods.get(0).learn(token);
            assertEquals("Partialy", check(syncer, token));
        }
        assertEquals("NotSynced", check(syncer, TOKEN_PREFIX + "nowhere"));
        String failing = TOKEN_PREFIX + "failing";
        syncer.pods.get(0).learn(failing);
        syncer.pods.get(1).learn(failing);
        syncer.pods.get(2).respondWith(500);
        assertEquals("Partialy", check(syncer, failing), "gw-c failed: its reason is shown");
        syncer.pods.get(2).respondWith(0);

        JsonObject status = await(syncer.client.get("/v1/status").send()).bodyAsJsonObject();
        assertEquals("settled", status.getJsonObject("discovery").getString("state"));
        assertEquals(3, status.getJsonArray("pods").size());
        assertFalse(status.encode().contains(TOKEN_PREFIX), "no token in the status data");

        if (System.getenv("CI") != null) {
            assertTrue(Files.isExecutable(CHROMIUM), "CI is set but chromium is not installed (.ci/run installs it)");
        }
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
        String url = "http://127.0.0.1:" + syncer.port + "/";
        String dom = chromium("--dump-dom", url);
        assertTrue(dom.contains("data-loaded=\"true\""), "the page loaded its data: " + dom);
        assertTrue(dom.contains(">settled<"), "the discovery state is shown");
        for (String pod : List.of("gw-a", "gw-b", "gw-c")) {
            assertTrue(dom.contains("data-pod=\"" + pod + "\""), pod + " is listed");
        }
        assertTrue(dom.contains("data-verdict=\"Synced\">5<"), "5 Synced checks counted");
        assertTrue(dom.contains("data-verdict=\"Partialy\">3<"), "3 Partialy checks counted (one with a failed pod)");
        assertTrue(dom.contains("data-verdict=\"NotSynced\">1<"), "1 NotSynced check counted");
        assertTrue(count(dom, "data-outcome=\"synced\"") >= 5 + 5 + 5 + 2, "each pod's recent outcomes are drawn");
        assertTrue(count(dom, "data-outcome=\"not_synced\"") >= 2 + 2 + 3, "not_synced outcomes are drawn");
        assertFalse(dom.contains(TOKEN_PREFIX), "no token on the page");
        // issue 18: a legend for the outcome colours, a failed pod's reason, "no data" before start, and a chart
        for (String outcome : List.of("synced", "not_synced", "failed", "not_asked", "timeout", "cancelled")) {
            assertTrue(dom.contains("data-legend=\"" + outcome + "\""), "the legend explains " + outcome);
        }
        assertTrue(dom.contains("data-error=\"http_5xx\""), "gw-c's last error is shown: " + dom);
        assertTrue(dom.contains("<svg id=\"chart\""), "an inline SVG chart");
        assertTrue(dom.contains("<table id=\"repairs\"><tbody><tr><th>written</th>"), "read repair's writes are counted on the page");
        assertTrue(count(dom, "<rect ") >= 3 && dom.contains("data-verdict=\"Synced\" data-minute="),
                "the chart draws this minute's verdicts as bars");
        for (String verdict : List.of("Synced", "Partialy", "NotSynced")) {
            assertTrue(dom.contains("data-chart-legend=\"" + verdict + "\""), "the chart's legend names " + verdict);
        }
        assertTrue(dom.contains("data-nodata=\"true\""), "minutes before syncer started say no data, not 0");

        Path screenshot = Path.of("target", "status-page.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chromium("--window-size=1280,900", "--screenshot=" + screenshot, url);
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the rendered page: " + screenshot);
    }

    private static String check(SyncerFixture syncer, String token) throws Exception {
        return await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", token).send()).bodyAsJsonObject().getString("status");
    }

    /** Runs headless Chromium on the page, letting its script run (virtual time) before the DOM or picture is taken. */
    private static String chromium(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--virtual-time-budget=3000"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }
}
