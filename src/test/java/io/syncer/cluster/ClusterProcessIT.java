package io.syncer.cluster;

import io.syncer.Main;
import io.syncer.testing.Configs;
import io.syncer.testing.FakePod;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three syncer members and one client application, each its own JVM (small heaps, loopback only), on one Hazelcast
 * cluster with static discovery to fake pods in this JVM. The client's checks are spread over the members; a member
 * killed with SIGKILL costs only the requests sent to it before the cluster noticed (the failover window); a member
 * stopped with SIGTERM costs none.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterProcessIT {

    /**
     * Requests sent this long after a SIGKILL may fail: the killed member is still routed to until the cluster has
     * dropped it and cleaned its subscriptions (cluster.maxNoHeartbeatSeconds bounds it; measured 0.3-3 s on loopback).
     */
    static final long FAILOVER_WINDOW_MS = 5_000;
    /** Requests sent this long before a SIGKILL may fail too: they were still being answered by the killed member. */
    static final long IN_FLIGHT_MS = 1_000;
    private static final String TOKEN = "cluster-token";
    private static final Pattern OK_SERVED = Pattern.compile("syncer_bus_requests_total\\{address=\"syncer.check\",result=\"ok\"} ([0-9.]+)");

    @Test
    void checksSpreadOverTheMembersSurviveASigkillAndASigtermCostsNoRequest(Vertx vertx) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cluster-process-test"));
        List<FakePod> pods = new ArrayList<>();
        for (String name : List.of("gw-a", "gw-b")) {
            FakePod pod = await(FakePod.start(vertx, name));
            pod.learn(TOKEN);
            pods.add(pod);
        }
        // every port is picked by its process (0) and read from its log: the first member forms the cluster, the
        // others list it
        int[] http = new int[3];
        JsonArray members = new JsonArray();
        List<Process> processes = new ArrayList<>();
        WebClient web = WebClient.create(vertx);
        try {
            for (int i = 0; i < 3; i++) {
                JsonObject config = Configs.staticPods(pods, 0);
                config.put("cluster", new JsonObject().put("enabled", true).put("name", "process-test").put("host", "127.0.0.1")
                        .put("port", 0).put("eventBusPort", 0).put("members", members.copy()).put("leaveGraceMs", 1000));
                Path file = dir.resolve("member-" + i + ".json");
                Files.writeString(file, config.encode());
                Path log = dir.resolve("member-" + i + ".log");
                Files.deleteIfExists(log);
                Process member = java(log, Main.class.getName(), "--conf", file.toString());
                processes.add(member);
                http[i] = Integer.parseInt(io.syncer.testing.ChildSyncer.logged(log, member, io.syncer.testing.ChildSyncer.HTTP_UP, 60_000));
                if (i == 0) {
                    members.add(io.syncer.testing.ChildSyncer.logged(log, member, JOINED, 60_000));
                }
            }
            for (int i = 0; i < 3; i++) {
                awaitMembers(web, http[i], 3);
            }

            Process client = java(null, ClusterClient.class.getName(), "0",
                    String.join(",", members.stream().map(Object::toString).toList()), "100", "17", TOKEN);
            processes.add(client);
            BufferedReader clientOut = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> readResult(clientOut));
            // the pods (in this JVM) count the members' requests: a signal that costs the members nothing (a /metrics scrape
            // of a member still warming up would hold its only event loop long enough to time its first checks out)
            // warm-up: the pods (in this JVM) count the members' requests, a signal that costs the members nothing. The first
            // checks through three cold members can miss the client's deadline; they are counted apart, not as failover
            assertTrue(io.syncer.testing.Await.until(() -> pods.get(0).requests() > 300, 30_000), "the client's checks are being served");
            long servingAt = System.currentTimeMillis();

            long killedAt = System.currentTimeMillis();
            processes.get(0).destroyForcibly();
            Thread.sleep(FAILOVER_WINDOW_MS + 1_000); // time itself is under test: what the survivors served in the failover window
            double servedBy1 = okServed(web, http[1]);
            double servedBy2 = okServed(web, http[2]);

            long terminatedAt = System.currentTimeMillis();
            processes.get(1).destroy();
            assertTrue(processes.get(1).waitFor(30, TimeUnit.SECONDS), "the SIGTERMed member exits");
            assertEquals(0, processes.get(1).exitValue());

            JsonObject summary = new JsonObject(result.get(90, TimeUnit.SECONDS));
            JsonArray failed = summary.getJsonArray("failed");
            List<JsonObject> outsideWindow = new ArrayList<>();
            int warmUp = 0;
            long firstKillFailure = 0;
            long lastKillFailure = 0;
            for (Object item : failed) {
                JsonObject failure = (JsonObject) item;
                long sentAt = failure.getLong("sentAt");
                if (sentAt < servingAt - IN_FLIGHT_MS) {
                    warmUp++;
                } else if (sentAt >= killedAt - IN_FLIGHT_MS && sentAt <= killedAt + FAILOVER_WINDOW_MS) {
                    firstKillFailure = Math.min(firstKillFailure, sentAt - killedAt);
                    lastKillFailure = Math.max(lastKillFailure, sentAt - killedAt);
                } else {
                    outsideWindow.add(failure.put("afterKillMs", sentAt - killedAt).put("afterTermMs", sentAt - terminatedAt));
                }
            }
            System.out.printf("cluster: sent %d, ok %d, failed %d while warming up, %d around the SIGKILL (sent from %d to %d ms after it),"
                    + " %d elsewhere%n", summary.getInteger("sent"), summary.getInteger("ok"), warmUp,
                    failed.size() - outsideWindow.size() - warmUp, firstKillFailure, lastKillFailure, outsideWindow.size());
            assertEquals(List.of(), outsideWindow, "no failure outside the SIGKILL failover window (SIGTERM at +"
                    + (terminatedAt - killedAt) + " ms)");
            assertTrue(servedBy1 > 50 && servedBy2 > 50, "spread over the members: " + servedBy1 + ", " + servedBy2);
            assertTrue(summary.getInteger("ok") > 1_000, summary.encode());
            assertTrue(okServed(web, http[2]) > servedBy2 + 50, "the survivor kept answering after the SIGTERM");
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static final Pattern JOINED = Pattern.compile("Joined the cluster \\[name: [^\\]]*\\] \\[members: \\d+\\] \\[address: ([^\\]]+)\\]");

    private static Process java(Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=logback.xml", mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (log != null) {
            builder.redirectOutput(log.toFile());
        }
        return builder.start();
    }

    private static String readResult(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    return line.substring("RESULT ".length());
                }
            }
            throw new IllegalStateException("the client ended without a result");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitMembers(WebClient web, int port, int members) {
        io.syncer.testing.Await.value(() -> await(web.get(port, "127.0.0.1", "/health/ready").send()),
                response -> response.statusCode() == 200 && response.bodyAsString().contains("\"members\":" + members), 90_000, 200); // as a kubelet would, not every 10 ms
    }

    private static double okServed(WebClient web, int port) throws Exception {
        String metrics = await(web.get(port, "127.0.0.1", "/metrics").send()).bodyAsString();
        Matcher matcher = OK_SERVED.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
