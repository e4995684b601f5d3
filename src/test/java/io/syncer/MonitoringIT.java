package io.syncer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.syncer.testing.ChildSyncer;
import io.syncer.testing.FakePod;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * k8s/monitoring: kustomize renders the Grafana dashboard ConfigMap and the PrometheusRule, and every metric (and every
 * exactly matched label value) that a panel or an alert names exists in a real /metrics scrape of a running syncer
 * (the jar's main class in a child JVM, with fake pods): no dead panel, no alert that can never fire.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MonitoringIT {

    private static final Pattern METRIC = Pattern.compile("\\b((?:syncer|jvm|process|system)_[a-zA-Z0-9_]+)(\\{[^}]*})?");
    private static final Pattern EXACT_LABEL = Pattern.compile("([a-zA-Z_]+)=\"([^\"]*)\"");
    /** Labels Prometheus adds when it scrapes in Kubernetes: not in syncer's own exposition. */
    private static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "job", "instance");

    @Test
    void everyMetricTheDashboardAndTheAlertsNameExistsInARealScrape() throws Exception {
        List<HasMetadata> rendered = kustomize("k8s/monitoring");
        ConfigMap dashboardMap = (ConfigMap) rendered.stream().filter(r -> r instanceof ConfigMap).findFirst().orElseThrow();
        assertEquals("1", dashboardMap.getMetadata().getLabels().get("grafana_dashboard"), "the Grafana sidecar picks it up");
        JsonObject dashboard = new JsonObject(dashboardMap.getData().get("syncer-dashboard.json"));
        GenericKubernetesResource rule = (GenericKubernetesResource) rendered.stream()
                .filter(r -> r.getKind().equals("PrometheusRule")).findFirst().orElseThrow();

        List<String> expressions = new ArrayList<>();
        for (Object panel : dashboard.getJsonArray("panels")) {
            for (Object target : ((JsonObject) panel).getJsonArray("targets", new JsonArray())) {
                expressions.add(((JsonObject) target).getString("expr"));
            }
        }
        JsonObject spec = new JsonObject(new KubernetesSerialization().asJson(rule.getAdditionalProperties().get("spec")));
        Set<String> alerts = new TreeSet<>();
        for (Object group : spec.getJsonArray("groups")) {
            for (Object ruleJson : ((JsonObject) group).getJsonArray("rules")) {
                expressions.add(((JsonObject) ruleJson).getString("expr"));
                alerts.add(((JsonObject) ruleJson).getString("alert"));
            }
        }
        assertTrue(alerts.containsAll(Set.of("SyncerDiscoveryNotSettled", "SyncerNotSyncedOrTimeoutRatioHigh", "SyncerPodErrors",
                "SyncerReadinessFlapping")), alerts.toString());
        assertTrue(expressions.size() >= 20, "panels and alerts: " + expressions.size());

        String scrape = scrapeARunningSyncer();
        Set<String> missing = new TreeSet<>();
        for (String expression : expressions) {
            Matcher metric = METRIC.matcher(expression);
            while (metric.find()) {
                String name = metric.group(1);
                if (!scrape.contains("\n" + name + "{") && !scrape.contains("\n" + name + " ")) {
                    missing.add(name);
                    continue;
                }
                Matcher label = EXACT_LABEL.matcher(metric.group(2) == null ? "" : metric.group(2));
                while (label.find()) {
                    if (!TARGET_LABELS.contains(label.group(1))
                            && !Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label.group(1) + "=\"" + label.group(2) + "\"")).matcher(scrape).find()) {
                        missing.add(name + "{" + label.group(1) + "=\"" + label.group(2) + "\"}");
                    }
                }
            }
        }
        assertEquals(Set.of(), missing, "named by a panel or an alert but not in /metrics");
    }

    @Test
    void promtoolFindsNothingToLintInALiveScrapeAndStartUpLogsNoWarning() throws Exception {
        Path promtool = Path.of(System.getenv().getOrDefault("PROMTOOL", "/opt/promtool/usr/bin/promtool"));
        if (System.getenv("CI") != null) {
            assertTrue(Files.isExecutable(promtool), "CI installs promtool (scripts/promtool.sh): " + promtool);
        }
        Assumptions.assumeTrue(Files.isExecutable(promtool), "promtool is not installed (scripts/promtool.sh --install-only)");
        Path log = Files.createTempFile("syncer-monitoring", ".log");
        String scrape = scrapeARunningSyncer(log);

        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(scrape.strip().concat("\n").getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String lint = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), "promtool check metrics: " + lint);
        assertTrue(scrape.contains("\nsystem_cpus "), "the CPU count, renamed from system_cpu_count");

        List<String> warnings = Files.readAllLines(log).stream().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
        assertEquals(List.of(), warnings, "start-up, checks and scrapes log no WARN (no double gauge registration either)");
    }

    /** Starts syncer's main class in a child JVM with two fake pods, makes a few checks, and returns its /metrics. */
    private static String scrapeARunningSyncer() throws Exception {
        return scrapeARunningSyncer(null);
    }

    /** As {@link #scrapeARunningSyncer()}, with the child's output in {@code log} (when not null). */
    private static String scrapeARunningSyncer(Path log) throws Exception {
        Vertx vertx = Vertx.vertx();
        Process process = null;
        try {
            FakePod a = await(FakePod.start(vertx, "gw-a"));
            FakePod b = await(FakePod.start(vertx, "gw-b"));
            a.learn("t");
            b.learn("t");
            Path config = Files.createTempFile("syncer-monitoring", ".json");
            Files.writeString(config, new JsonObject()
                    .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                    .put("discovery", new JsonObject().put("mode", "static").put("static", new JsonArray()
                            .add(new JsonObject().put("name", "gw-a").put("address", a.pod().address()))
                            .add(new JsonObject().put("name", "gw-b").put("address", b.pod().address()))))
                    .encode());
            ChildSyncer.Listening child = ChildSyncer.startListening(List.of("--conf", config.toString()),
                    log != null ? log : Files.createTempFile("syncer-monitoring", ".log"));
            process = child.process();
            int port = child.port();
            WebClient client = WebClient.create(vertx);
            ChildSyncer.waitUntilReady(client, port);
            for (String token : List.of("t", "t", "unknown")) {
                await(client.get(port, "127.0.0.1", "/v1/synced").putHeader("X-Auth-Token", token).send());
            }
            for (int i = 0; i < 3; i++) { // new connections, each registering Vert.x's connection gauge again
                await(WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setKeepAlive(false))
                        .get(port, "127.0.0.1", "/v1/synced").putHeader("X-Auth-Token", "t").send());
            }
            return "\n" + await(client.get(port, "127.0.0.1", "/metrics").send()).bodyAsString();
        } finally {
            if (process != null) {
                process.destroy();
                process.waitFor(20, TimeUnit.SECONDS);
            }
            await(vertx.close());
        }
    }

    private static List<HasMetadata> kustomize(String dir) throws Exception {
        Path kubectl = Path.of("/usr/bin/kubectl");
        Assumptions.assumeTrue(Files.isExecutable(kubectl), "kubectl is not installed");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir).redirectErrorStream(true).start();
        String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), rendered);
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : rendered.split("(?m)^---$")) {
            resources.add(serialization.unmarshal(document, HasMetadata.class));
        }
        return resources;
    }
}
