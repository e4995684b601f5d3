package io.syncer;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.syncer.config.ConfigException;
import io.syncer.config.ConfigLoader;
import io.syncer.config.SyncerConfig;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java -jar syncer.jar [--conf FILE]}: loads and validates the config, deploys syncer, and exits 1 with one
 * line naming the problem when either fails.
 */
public final class Main {

    private static final Logger LOGGER = LoggerFactory.getLogger(Main.class);
    private static final String USAGE = """
            Usage: java -jar syncer.jar [--conf FILE]
              --conf FILE   JSON or YAML config file (environment variables SYNCER_* override it)
              --help        print this help
              --version     print the version""";

    private Main() {
    }

    public static void main(String[] args) {
        Path conf;
        try {
            conf = parseArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("syncer: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        AtomicReference<KubernetesClient> kubernetes = new AtomicReference<>();
        ConfigLoader.load(vertx, conf, System.getenv())
                .compose(config -> {
                    LOGGER.info("Starting syncer {} [config: {}]", version(), config);
                    return Syncer.deploy(vertx, config, () -> kubernetes.updateAndGet(existing -> existing != null ? existing
                            : new KubernetesClientBuilder().withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build()))
                            .onSuccess(syncer -> LOGGER.info("syncer is up [http: {}:{}] [discovery: {}]",
                                    config.http().host(), config.http().port(), config.discovery().mode()));
                })
                .onSuccess(syncer -> Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx, syncer, kubernetes.get()))))
                .onFailure(error -> {
                    System.err.println("syncer: " + (error instanceof ConfigException ? "invalid configuration: " : "start-up failed: ")
                            + error.getMessage());
                    System.exit(1);
                });
    }

    private static Path parseArgs(String[] args) {
        Path conf = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(USAGE);
                System.exit(0);
            } else if (arg.equals("--version")) {
                System.out.println("syncer " + version());
                System.exit(0);
            } else if (arg.equals("--conf") && i + 1 < args.length) {
                conf = Path.of(args[++i]);
            } else if (arg.startsWith("--conf=")) {
                conf = Path.of(arg.substring("--conf=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return conf;
    }

    private static void shutdown(Vertx vertx, Syncer syncer, KubernetesClient kubernetes) {
        try {
            syncer.undeploy().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (kubernetes != null) {
                kubernetes.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOGGER.warn("Shutdown did not finish cleanly: {}", e.toString());
        }
    }

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
