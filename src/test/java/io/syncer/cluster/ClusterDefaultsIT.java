package io.syncer.cluster;

import io.syncer.Main;
import io.syncer.testing.Configs;
import io.syncer.testing.FakePod;
import io.syncer.testing.ChildSyncer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 4: cluster defaults that work on one host. Two members on one host with the default event bus port
 * join and serve (it defaults to a free one), and their start-up output is syncer's own lines; a port in use
 * is one line naming its key. Members are child JVMs started with the flags the project ships (scripts/syncer).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterDefaultsIT {

    /** A member's line naming the address it listens on for the cluster. */
    private static final Pattern JOINED = Pattern.compile("Joined the cluster \\[name: [^\\]]*\\] \\[members: \\d+\\] \\[address: ([^\\]]+)\\]");
    /** A line of syncer's log format from one of syncer's own loggers. */
    private static final Pattern OWN_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+ +(INFO|WARN|ERROR|DEBUG) +\\[[^\\]]*] (io\\.syncer|i\\.s\\.)\\S* - .*");

    @Test
    void twoMembersOnOneHostWithTheDefaultEventBusPortJoinAndStartWithSyncersOwnLinesOnly(Vertx vertx) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cluster-defaults-test"));
        FakePod pod = await(FakePod.start(vertx, "gw-a"));
        // every port is picked by its process (0) and read from its log: the first member forms the cluster, the second
        // lists it; neither names an eventBusPort (the default)
        int[] http = new int[2];
        JsonArray members = new JsonArray();
        List<Process> processes = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                JsonObject config = Configs.staticPods(List.of(pod), 0);
                config.put("cluster", new JsonObject().put("enabled", true).put("name", "defaults-test").put("host", "127.0.0.1")
                        .put("port", 0).put("members", members.copy()));
                Path file = dir.resolve("member-" + i + ".json");
                Files.writeString(file, config.encode());
                Path log = dir.resolve("member-" + i + ".log");
                Files.deleteIfExists(log);
                processes.add(member(file, log, null));
                http[i] = Integer.parseInt(ChildSyncer.logged(log, processes.get(i), ChildSyncer.HTTP_UP, 90_000));
                if (i == 0) {
                    members.add(ChildSyncer.logged(log, processes.get(i), JOINED, 10_000));
                }
            }
            WebClient web = WebClient.create(vertx);
            for (int i = 0; i < 2; i++) {
                awaitMembers(web, http[i], 2, processes.get(i), dir.resolve("member-" + i + ".log"));
            }
            for (int i = 0; i < 2; i++) {
                List<String> startUp = new ArrayList<>();
                for (String line : Files.readAllLines(dir.resolve("member-" + i + ".log"))) {
                    startUp.add(line);
                    if (line.contains("syncer is up")) {
                        break;
                    }
                }
                assertTrue(startUp.get(startUp.size() - 1).contains("syncer is up"), "member " + i + " started: " + startUp);
                List<String> foreign = startUp.stream().filter(line -> !OWN_LINE.matcher(line).matches()).toList();
                assertEquals(List.of(), foreign, "member " + i + ": start-up output that is not syncer's own line");
            }
        } finally {
            processes.forEach(Process::destroy);
            for (Process process : processes) {
                process.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aClusterPortInUseIsOneLineNamingTheKey(Vertx vertx) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cluster-defaults-test"));
        FakePod pod = await(FakePod.start(vertx, "gw-a"));
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            for (String key : List.of("port", "eventBusPort")) {
                // the other ports are 0 (any free one); the member list is never reached: the check comes first
                JsonObject cluster = new JsonObject().put("enabled", true).put("name", "defaults-test").put("host", "127.0.0.1")
                        .put("port", key.equals("port") ? taken.getLocalPort() : 0)
                        .put("members", new JsonArray().add("127.0.0.1:5701"));
                if (key.equals("eventBusPort")) {
                    cluster.put("eventBusPort", taken.getLocalPort());
                }
                JsonObject config = Configs.staticPods(List.of(pod), 0).put("cluster", cluster);
                Path file = dir.resolve("taken-" + key + ".json");
                Files.writeString(file, config.encode());
                Path stderr = dir.resolve("taken-" + key + ".err");
                Process process = member(file, dir.resolve("taken-" + key + ".log"), stderr);
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits");
                assertEquals(1, process.exitValue());
                List<String> lines = Files.readAllLines(stderr);
                assertEquals(1, lines.size(), "one line: " + lines);
                assertTrue(lines.get(0).startsWith("syncer: start-up failed: cluster." + key + ": 127.0.0.1:" + taken.getLocalPort() + " is in use"),
                        lines.get(0));
            }
        }
    }

    /** A member JVM as scripts/syncer starts it (small heap, Hazelcast's --add-opens), its output in {@code log}. */
    private static Process member(Path config, Path log, Path stderr) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "-Dlogback.configurationFile=logback.xml", Main.class.getName(),
                "--conf", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(log.toFile());
        if (stderr != null) {
            builder.redirectError(stderr.toFile());
        } else {
            builder.redirectErrorStream(true);
        }
        return builder.start();
    }

    private static void awaitMembers(WebClient web, int port, int members, Process process, Path log) {
        io.syncer.testing.Await.value(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("member on " + port + " died: " + Files.readString(log));
            }
            return await(web.get(port, "127.0.0.1", "/health/ready").send());
        }, response -> response.statusCode() == 200 && response.bodyAsString().contains("\"members\":" + members), 90_000, 200); // as a kubelet would, not every 10 ms
    }
}
