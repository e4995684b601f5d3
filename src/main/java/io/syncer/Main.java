package io.syncer;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.syncer.bus.Addresses;
import io.syncer.config.ConfigException;
import io.syncer.config.ConfigLoader;
import io.syncer.config.ConfigWatcher;
import io.syncer.config.SyncerConfig;
import io.syncer.metrics.SyncerMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java -jar syncer.jar [--conf FILE]}: loads and validates the config, deploys syncer, watches the config file,
 * and on SIGTERM drains (readiness false, in-flight checks finish) and exits 0. Exits 1 with one line naming the
 * problem when the config or the start-up fails.
 */
public final class Main {

    private static final Logger LOGGER = LoggerFactory.getLogger(Main.class);
    private static final long CONFIG_SCAN_MS = 2_000;
    private static final String USAGE = """
            Usage: java -jar syncer.jar [--conf FILE]
                   java -jar syncer.jar --check-config FILE
              --conf FILE           JSON or YAML config file (environment variables SYNCER_* override it)
              --check-config FILE   validate FILE (with the environment), print the effective config, exit 0 or 1
              --help                print this help
              --version             print the version""";

    private Main() {
    }

    public static void main(String[] args) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("syncer: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (arguments.help()) {
            System.out.println(USAGE);
            return;
        }
        if (arguments.version()) {
            System.out.println("syncer " + version());
            return;
        }
        if (arguments.checkConfig() != null) {
            System.exit(checkConfig(arguments.checkConfig()));
        }
        run(arguments.conf());
    }

    private static int checkConfig(Path file) {
        Vertx vertx = Vertx.vertx();
        try {
            SyncerConfig config = await(ConfigLoader.load(vertx, file, System.getenv()), 30_000);
            System.out.println(config.toJson().encodePrettily());
            return 0;
        } catch (Exception e) {
            System.err.println("syncer: invalid configuration: " + rootMessage(e));
            return 1;
        } finally {
            vertx.close();
        }
    }

    private static void run(Path conf) {
        PrometheusMeterRegistry registry = SyncerMetrics.newRegistry();
        SyncerMetrics metrics = new SyncerMetrics(registry);
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(SyncerMetrics.vertxMetricsOptions().setJvmMetricsEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        AtomicReference<KubernetesClient> kubernetes = new AtomicReference<>();
        Map<String, String> env = System.getenv();
        ConfigLoader.load(vertx, conf, env)
                .compose(config -> {
                    LogFormat.apply(config.log());
                    LOGGER.info("Starting syncer {} [config: {}]", version(), config.toJson().encode());
                    return Syncer.deploy(vertx, config, () -> kubernetes.updateAndGet(existing -> existing != null ? existing
                                    : new KubernetesClientBuilder().withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build()), metrics)
                            .compose(syncer -> conf == null ? Future.succeededFuture(syncer)
                                    : vertx.deployVerticle(new ConfigWatcher(conf, env, CONFIG_SCAN_MS, config)).map(syncer))
                            .onSuccess(syncer -> {
                                LOGGER.info("syncer is up [http: {}:{}] [discovery: {}]", config.http().host(), config.http().port(),
                                        config.discovery().mode());
                                Signal.handle(new Signal("TERM"), signal -> drainAndExit(vertx, syncer, kubernetes.get(), config));
                                Signal.handle(new Signal("INT"), signal -> drainAndExit(vertx, syncer, kubernetes.get(), config));
                            });
                })
                .onFailure(error -> {
                    System.err.println("syncer: " + (error instanceof ConfigException ? "invalid configuration: " : "start-up failed: ")
                            + error.getMessage());
                    System.exit(1);
                });
    }

    /** Readiness goes false, the server stops accepting, in-flight checks finish (bounded by their deadline), exit 0. */
    private static void drainAndExit(Vertx vertx, Syncer syncer, KubernetesClient kubernetes, SyncerConfig config) {
        new Thread(() -> {
            LOGGER.info("Shutting down: readiness is false, in-flight checks finish");
            try {
                long budgetMs = config.check().maxDeadlineMs() + 5_000L;
                await(vertx.eventBus().request(Addresses.DRAIN, null, new DeliveryOptions().setSendTimeout(1_000))
                        .transform(ignored -> syncer.undeploy()), budgetMs);
                if (kubernetes != null) {
                    kubernetes.close();
                }
                await(vertx.close(), 5_000);
                LOGGER.info("syncer stopped");
            } catch (Exception e) {
                LOGGER.warn("Shutdown did not finish cleanly: {}", e.toString());
            }
            System.exit(0);
        }, "syncer-shutdown").start();
    }

    private static <T> T await(Future<T> future, long timeoutMs) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && !(cause instanceof ConfigException)) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** The command line. */
    private record Arguments(Path conf, Path checkConfig, boolean help, boolean version) {

        static Arguments parse(String[] args) {
            Path conf = null;
            Path checkConfig = null;
            boolean help = false;
            boolean version = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    help = true;
                } else if (arg.equals("--version")) {
                    version = true;
                } else if ((arg.equals("--conf") || arg.equals("--check-config")) && i + 1 < args.length) {
                    Path file = Path.of(args[++i]);
                    if (arg.equals("--conf")) {
                        conf = file;
                    } else {
                        checkConfig = file;
                    }
                } else if (arg.startsWith("--conf=")) {
                    conf = Path.of(arg.substring("--conf=".length()));
                } else if (arg.startsWith("--check-config=")) {
                    checkConfig = Path.of(arg.substring("--check-config=".length()));
                } else {
                    throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            return new Arguments(conf, checkConfig, help, version);
        }
    }
}
