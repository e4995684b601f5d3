package io.syncer;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.syncer.bus.Addresses;
import io.syncer.cluster.ClusterLeave;
import io.syncer.cluster.ClusterStatus;
import io.syncer.cluster.HazelcastClusters;
import io.syncer.config.ConfigException;
import io.syncer.config.ConfigLoader;
import io.syncer.config.ConfigWatcher;
import io.syncer.config.SyncerConfig;
import io.syncer.log.LogFormat;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.metrics.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.syncer.tracing.Tracing;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
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
        // java.util.logging (Hazelcast, before its own config is read) goes through SLF4J: one format, one place
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
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
        Map<String, String> env = System.getenv();
        SyncerConfig config = loadOrExit(conf, env);
        LogFormat.apply(config.log());
        LOGGER.info("Starting syncer {} [config: {}]", version(), config.toJson().encode());
        java.util.List<String> missing = OptionalLibraries.missing(config, true);
        if (!missing.isEmpty()) {
            System.err.println("syncer: start-up failed: " + missing.get(0));
            System.exit(1);
        }
        String portTaken = PortsInUse.first(config);
        if (portTaken != null) {
            System.err.println("syncer: start-up failed: " + portTaken);
            System.exit(1);
        }
        PrometheusMeterRegistry registry = SyncerMetrics.newRegistry();
        OpenTelemetrySdk tracing = config.tracing().enabled() ? Tracing.sdk(config.tracing()) : null;
        Telemetry metrics = tracing == null ? Telemetry.of(registry) : Telemetry.of(registry).withTracer(tracing.getTracer(Tracing.SCOPE));
        if (tracing != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(tracing::close, "syncer-tracing-flush"));
            LOGGER.info("Tracing on [endpoint: {}] [sampling: {}]", config.tracing().endpoint(), config.tracing().samplingRatio());
        }
        AtomicReference<KubernetesClient> kubernetes = new AtomicReference<>();
        buildVertx(config, registry, tracing)
                .compose(vertx -> Syncer.deploy(vertx, config, () -> kubernetes.updateAndGet(existing -> existing != null ? existing
                                : new KubernetesClientBuilder().withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build()), metrics)
                        .compose(syncer -> conf == null ? Future.succeededFuture(syncer)
                                : vertx.deployVerticle(new ConfigWatcher(conf, env, CONFIG_SCAN_MS, config)).map(syncer))
                        .onSuccess(syncer -> {
                            LOGGER.info("syncer is up [http: {}] [discovery: {}] [cluster: {}] [bridge: {}]",
                                    config.http().enabled() ? config.http().host() + ":" + syncer.httpPort() : "off",
                                    config.discovery().mode(), config.cluster().enabled() ? config.cluster().name() : "off",
                                    config.bridge().enabled() ? config.bridge().host() + ":" + syncer.bridgePort() : "off");
                            Signal.handle(new Signal("TERM"), signal -> drainAndExit(vertx, syncer, kubernetes.get(), config));
                            Signal.handle(new Signal("INT"), signal -> drainAndExit(vertx, syncer, kubernetes.get(), config));
                        }))
                .onFailure(error -> {
                    System.err.println("syncer: start-up failed: " + error.getMessage());
                    System.exit(1);
                });
    }

    /** Reads the config with a throw-away Vertx (the real one may have to join a cluster the config describes). */
    private static SyncerConfig loadOrExit(Path conf, Map<String, String> env) {
        Vertx bootstrap = Vertx.vertx();
        try {
            return await(ConfigLoader.load(bootstrap, conf, env), 30_000);
        } catch (Exception e) {
            System.err.println("syncer: invalid configuration: " + rootMessage(e));
            System.exit(1);
            return null;
        } finally {
            bootstrap.close();
        }
    }

    /** A plain Vertx, or one that has joined the Hazelcast cluster of {@code cluster.*}. */
    private static Future<Vertx> buildVertx(SyncerConfig config, PrometheusMeterRegistry registry, OpenTelemetrySdk tracing) {
        VertxOptions options = new VertxOptions().setMetricsOptions(SyncerMetrics.vertxMetricsOptions().setJvmMetricsEnabled(true));
        if (tracing != null) {
            // the HTTP server's spans, continuing the gateway's traceparent; syncer's check and pod spans are their children
            options.setTracingOptions(new OpenTelemetryOptions());
        }
        if (config.cluster().enabled()) {
            options.setEventBusOptions(HazelcastClusters.eventBus(config.cluster()));
        }
        Transports.Choice transport = Transports.pick(config.vertx().transport());
        LOGGER.info("Network transport: {}{}", transport.transport().name(),
                transport.skipped().isEmpty() ? "" : " [not available: " + String.join("; ", transport.skipped()) + "]");
        VertxBuilder builder = Vertx.builder().with(options).withTransport(transport.transport())
                .withMetrics(new MicrometerMetricsFactory(registry));
        if (tracing != null) {
            builder.withTracer(new OpenTelemetryTracingFactory(tracing));
        }
        if (!config.cluster().enabled()) {
            return Future.succeededFuture(builder.build());
        }
        return builder
                .withClusterManager(HazelcastClusters.manager(config.cluster()))
                .buildClustered()
                .onSuccess(vertx -> LOGGER.info("Joined the cluster [name: {}] [members: {}] [address: {}]", config.cluster().name(),
                        ClusterStatus.of(vertx).members(), HazelcastClusters.memberAddress(vertx)));
    }

    /**
     * Readiness goes false and every HTTP answer carries {@code Connection: close}; on a cluster this member withdraws
     * from {@code syncer.check}. For {@code http.drainDelayMs} (and {@code cluster.leaveGraceMs}) it keeps serving what
     * keep-alive clients and other members still send; then the server stops accepting, every in-flight check answers
     * (bounded by its own deadline), the member leaves the cluster, and the process exits 0.
     */
    private static void drainAndExit(Vertx vertx, Syncer syncer, KubernetesClient kubernetes, SyncerConfig config) {
        new Thread(() -> {
            LOGGER.info("Shutting down: readiness is false, in-flight checks finish");
            try {
                long delayMs = Math.max(config.http().connections().drainDelayMs(), config.cluster().enabled() ? config.cluster().leaveGraceMs() : 0);
                long quietMs = Math.min(config.http().connections().closeGraceMs(), delayMs / 2);
                long budgetMs = config.check().deadlines().maxDeadlineMs() + delayMs + 5_000L;
                ClusterStatus cluster = ClusterStatus.of(vertx);
                await(vertx.eventBus().request(Addresses.DRAIN, null, Addresses.local().setSendTimeout(1_000))
                        .transform(ignored -> cluster == null ? Future.succeededFuture()
                                : ClusterLeave.withdraw(cluster.clusterManager(), Addresses.CHECK))
                        // keep serving (every answer with Connection: close) while clients and the cluster move on
                        .transform(ignored -> delayMs - quietMs <= 0 ? Future.succeededFuture() : vertx.timer(delayMs - quietMs))
                        // then a quiet moment without Connection: close: a client reconnecting just as the listener closes
                        // could have its request cut (accepted by the kernel, never read); after it each connection closes
                        // once it has answered with Connection: close or been idle for http.closeGraceMs
                        .transform(ignored -> {
                            vertx.eventBus().publish(Addresses.DRAINING, false, Addresses.local());
                            return quietMs == 0 ? Future.succeededFuture() : vertx.timer(quietMs);
                        })
                        .transform(ignored -> syncer.undeploy()), budgetMs);
                if (kubernetes != null) {
                    kubernetes.close();
                }
                await(vertx.close(), 10_000);
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
