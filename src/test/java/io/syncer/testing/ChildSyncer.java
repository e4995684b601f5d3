package io.syncer.testing;

import io.syncer.Main;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.syncer.testing.SyncerFixture.await;

/** syncer's main class in a child JVM (the test's classpath), as the jar runs it: for tests of the process itself. */
public final class ChildSyncer {

    private ChildSyncer() {
    }

    /** Starts {@code Main} with {@code args}; its output is discarded when {@code discardOutput}. */
    public static Process start(List<String> args, boolean discardOutput) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        if (discardOutput) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        return builder.start();
    }

    /** Starts {@code Main} with {@code args}, its standard output and error appended to {@code log}. */
    public static Process start(List<String> args, java.nio.file.Path log) throws IOException {
        return new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** A started child and the HTTP port it listens on. */
    public record Listening(Process process, int port) {
    }

    /** syncer's start-up line, its group the HTTP port it got. */
    public static final java.util.regex.Pattern HTTP_UP = java.util.regex.Pattern.compile("syncer is up \\[http: [^\\]]*:(\\d+)\\]");

    /**
     * Starts {@code Main} with {@code args} (a config with http.port 0: the child picks a free port), its output
     * appended to {@code log}, and waits for the line that names the port it got.
     */
    public static Listening startListening(List<String> args, java.nio.file.Path log) throws IOException {
        Process process = start(args, log);
        return new Listening(process, Integer.parseInt(logged(log, process, HTTP_UP, 30_000)));
    }

    /** Writes {@code config} to {@code dir}/syncer.json and starts {@code Main} on it, its output in {@code dir}/child.log. */
    public static Listening startListening(io.vertx.core.json.JsonObject config, java.nio.file.Path dir) throws IOException {
        java.nio.file.Path file = dir.resolve("syncer.json");
        java.nio.file.Files.writeString(file, config.encode());
        return startListening(List.of("--conf", file.toString()), dir.resolve("child.log"));
    }

    /**
     * The first group of {@code pattern} in a child's log file, once it is there; fails when the child exits first or
     * after {@code maxMs}. Reads the file (never a pipe), every 100 ms.
     */
    public static String logged(java.nio.file.Path log, Process child, java.util.regex.Pattern pattern, long maxMs) {
        return Await.value(() -> {
            if (!child.isAlive()) {
                throw new AssertionError("the child exited: " + java.nio.file.Files.readString(log));
            }
            java.util.regex.Matcher found = pattern.matcher(java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log) : "");
            return found.find() ? found.group(1) : null;
        }, java.util.Objects::nonNull, maxMs, 100);
    }

    /** This JVM's java, its classpath, the shipped logback file, the main class and {@code args}. */
    private static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "-Dlogback.configurationFile=logback.xml", Main.class.getName()));
        command.addAll(args);
        return command;
    }

    /** Waits (up to 30 s) until the syncer on {@code port} answers its readiness probe with 200. */
    public static void waitUntilReady(WebClient client, int port) {
        // not listening yet counts as not ready
        Await.value(() -> await(client.get(port, "127.0.0.1", "/health/ready").send()).statusCode(), status -> status == 200, 30_000);
    }
}
