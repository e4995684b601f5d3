package io.syncer;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncer.bus.BridgeVerticle;
import io.syncer.bus.Codecs;
import io.syncer.cluster.ClusterStatus;
import io.syncer.config.DiscoveryConfig;
import io.syncer.config.SyncerConfig;
import io.syncer.config.KubernetesDiscoveryConfig;
import io.syncer.discovery.DeploymentSource;
import io.syncer.discovery.EndpointSliceSource;
import io.syncer.discovery.PodSource;
import io.syncer.discovery.ScraperVerticle;
import io.syncer.discovery.StaticDiscoveryVerticle;
import io.syncer.front.FrontLimits;
import io.syncer.front.CheckFrontVerticle;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.metrics.Telemetry;
import io.syncer.zonesync.ZoneSyncHealth;
import io.syncer.registry.RegistryVerticle;
import io.syncer.zonesync.ZoneSyncVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.micrometer.backends.BackendRegistries;
import io.syncer.model.DiscoveredPods;
import io.syncer.model.PodSet;
import io.syncer.model.RegistryView;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Deploys syncer into a Vertx, its own ({@link Main}) or a host application's: the registry first, then discovery,
 * then the HTTP and event-bus front, and the TCP bridge when enabled. One syncer per Vertx: a second deployment is
 * refused until the first is undeployed.
 *
 * <pre>{@code
 * SyncerConfig config = SyncerConfig.fromJson(new JsonObject()
 *         .put("http", new JsonObject().put("enabled", false))
 *         .put("discovery", new JsonObject().put("kubernetes", new JsonObject().put("deployment", "apigw"))));
 * Syncer.deploy(vertx, config).onSuccess(syncer -> ...);   // then ask "syncer.check" on the event bus
 * }</pre>
 */
public final class Syncer {

    private static final String DEPLOYED = "io.syncer.deployed";
    private static final org.slf4j.Logger LOGGER = org.slf4j.LoggerFactory.getLogger(Syncer.class);

    private final Vertx vertx;
    private final List<String> deployments = new ArrayList<>();
    private KubernetesClient ownClient;
    private io.syncer.front.FrontLimits frontLimits;
    private final AtomicInteger bridgePort = new AtomicInteger();
    /** The meters this syncer registered in a registry it does not own (removed on undeploy), or null. */
    private Telemetry ownMetrics;

    private final ZoneSyncHealth zoneSync = new ZoneSyncHealth();

    private Syncer(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * The embedding entry: deploys syncer into a host's Vertx. Its meters go to the host's Micrometer registry when the
     * host's Vertx has one (else to a registry of its own, served at /metrics); in Kubernetes mode it builds its own
     * client (off the event loops) and closes it on {@link #undeploy()}.
     */
    public static Future<Syncer> deploy(Vertx vertx, SyncerConfig config) {
        MeterRegistry hostRegistry = BackendRegistries.getDefaultNow();
        Telemetry metrics = Telemetry.of(hostRegistry != null ? hostRegistry : SyncerMetrics.newRegistry());
        AtomicReference<KubernetesClient> built = new AtomicReference<>();
        return deploy(vertx, config, () -> {
            built.set(new KubernetesClientBuilder().withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build());
            return built.get();
        }, metrics)
                .onSuccess(syncer -> {
                    syncer.ownClient = built.get();
                    syncer.ownMetrics = metrics;
                })
                // a failed deploy has closed what it opened (the client among them); its meters go too
                .onFailure(error -> metrics.close());
    }

    /**
     * Deploys every verticle.
     *
     * @param kubernetes makes the Kubernetes client in kubernetes mode (called on a worker thread); not called in static mode.
     *                   The caller owns the client once the deploy succeeded; a failed deploy closes it
     * @param telemetry where checks are counted (the meters also served at /metrics), shown and traced
     */
    public static Future<Syncer> deploy(Vertx vertx, SyncerConfig config, Supplier<KubernetesClient> kubernetes,
                                        Telemetry telemetry) {
        SyncerMetrics metrics = telemetry.meters();
        List<String> missing = OptionalLibraries.missing(config, false);
        if (!missing.isEmpty()) {
            return Future.failedFuture(new IllegalStateException(missing.get(0)));
        }
        if (vertx.sharedData().getLocalMap(DEPLOYED).putIfAbsent("syncer", Boolean.TRUE) != null) {
            return Future.failedFuture(new IllegalStateException(
                    "syncer is already deployed in this Vertx: one syncer per Vertx (undeploy the first one)"));
        }
        registerCodecs(vertx.eventBus());
        config.warnings().forEach(warning -> LOGGER.warn("Insecure setting: {}", warning));
        ClusterStatus cluster = ClusterStatus.of(vertx);
        metrics.clusterMembers(() -> cluster == null ? 0 : cluster.members());
        Syncer syncer = new Syncer(vertx);
        ZoneSyncHealth zoneSync = syncer.zoneSync;
        metrics.followZoneSync(() -> zoneSync.latest().isolated().size(), () -> zoneSync.latest().maxRecordsPending());
        AtomicReference<KubernetesClient> built = new AtomicReference<>();
        Future<Supplier<VerticleBase>> discovery = config.discovery().mode() == DiscoveryConfig.Mode.STATIC
                ? Future.succeededFuture(() -> new StaticDiscoveryVerticle(config.discovery().staticPods()))
                // building a Kubernetes client reads files and may resolve names: never on an event loop
                : vertx.executeBlocking(() -> {
                    built.set(kubernetes.get());
                    return built.get();
                }).map(client -> () -> scraper(config, client, metrics));
        return syncer.deploy(() -> new RegistryVerticle(metrics, config.discovery().kubernetes().watchGraceMs()), 1)
                .compose(v -> discovery)
                .compose(verticle -> syncer.deploy(verticle, 1))
                .compose(v -> config.check().zoneSync().enabled()
                        ? syncer.deploy(() -> new ZoneSyncVerticle(config.check(), zoneSync), 1)
                        : Future.succeededFuture())
                .compose(v -> {
                    FrontLimits limits = new FrontLimits(config.check().maxInFlight());
                    syncer.frontLimits = limits;
                    return syncer.deploy(() -> new CheckFrontVerticle(config, telemetry, zoneSync, limits), config.http().instances());
                })
                .compose(v -> config.bridge().enabled()
                        ? syncer.deploy(() -> new BridgeVerticle(config.bridge().host(), config.bridge().port(), syncer.bridgePort), 1)
                        : Future.succeededFuture())
                .map(syncer)
                .recover(error -> syncer.undeploy().transform(ignored -> {
                    // everything this deploy opened is closed: its verticles above, the Kubernetes client here
                    if (built.get() != null) {
                        built.get().close();
                    }
                    return Future.failedFuture(error);
                }));
    }

    /** The latest zone_sync poll of the pods (check.zoneSync.enabled; empty otherwise), for a host's own health pages. */
    public ZoneSyncHealth zoneSync() {
        return zoneSync;
    }

    /** The port the HTTP front listens on (the one picked when http.port is 0); 0 when HTTP is off. */
    public int httpPort() {
        return frontLimits == null ? 0 : frontLimits.port().get();
    }

    /** The port the TCP bridge listens on (the one picked when bridge.port is 0); 0 when the bridge is off. */
    public int bridgePort() {
        return bridgePort.get();
    }

    /** Undeploys in reverse order: the front first, the registry last. */
    public Future<Void> undeploy() {
        Future<Void> chain = Future.succeededFuture();
        List<String> reversed = new ArrayList<>(deployments);
        Collections.reverse(reversed);
        for (String id : reversed) {
            chain = chain.transform(ignored -> vertx.undeploy(id));
        }
        deployments.clear();
        return chain.recover(error -> Future.succeededFuture()).onComplete(done -> {
            if (ownClient != null) {
                ownClient.close();
                ownClient = null;
            }
            if (ownMetrics != null) {
                ownMetrics.close();
                ownMetrics = null;
            }
            vertx.sharedData().getLocalMap(DEPLOYED).remove("syncer");
        });
    }

    private Future<Void> deploy(Supplier<VerticleBase> verticle, int instances) {
        return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances))
                .onSuccess(deployments::add)
                .mapEmpty();
    }

    /** Registers the local codecs of the records syncer's verticles pass each other; idempotent. */
    public static void registerCodecs(EventBus eventBus) {
        Codecs.register(eventBus, PodSet.class, DiscoveredPods.class, SyncerConfig.class, RegistryView.class);
    }

    private static VerticleBase scraper(SyncerConfig config, KubernetesClient client, SyncerMetrics metrics) {
        KubernetesDiscoveryConfig where = config.discovery().kubernetes();
        String namespace = where.namespace() != null ? where.namespace()
                : client.getNamespace() != null ? client.getNamespace() : "default";
        int podPort = config.check().pod().port();
        PodSource source = where.source() == KubernetesDiscoveryConfig.Source.SERVICE
                ? new EndpointSliceSource(client, namespace, where.service(), where.portName(), podPort)
                : new DeploymentSource(client, namespace, where.deployment(), podPort);
        return new ScraperVerticle(source, metrics, where.watchRestartMs());
    }
}
