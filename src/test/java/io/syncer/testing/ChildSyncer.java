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
