package io.syncer;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.syncer.bus.Codecs;
import io.syncer.config.DiscoveryConfig;
import io.syncer.config.SyncerConfig;
import io.syncer.config.KubernetesDiscoveryConfig;
import io.syncer.discovery.DeploymentSource;
import io.syncer.discovery.EndpointSliceSource;
import io.syncer.discovery.PodSource;
import io.syncer.discovery.ScraperVerticle;
import io.syncer.discovery.StaticDiscoveryVerticle;
import io.syncer.http.HttpVerticle;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.registry.RegistryVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.syncer.model.DiscoveredPods;
import io.syncer.model.PodSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Deploys syncer into a Vertx: the registry first, then discovery, then the HTTP and event-bus front. Used by
 * {@link Main}, by the tests and by the demo.
 */
public final class Syncer {

    private final Vertx vertx;
    private final List<String> deployments = new ArrayList<>();

    private Syncer(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Deploys every verticle.
     *
     * @param kubernetes makes the Kubernetes client in kubernetes mode (called on a worker thread); not called in static mode
     * @param metrics where the meters go (also served at /metrics)
     */
    public static Future<Syncer> deploy(Vertx vertx, SyncerConfig config, Supplier<KubernetesClient> kubernetes,
                                        SyncerMetrics metrics) {
        registerCodecs(vertx.eventBus());
        Syncer syncer = new Syncer(vertx);
        Future<Supplier<VerticleBase>> discovery = config.discovery().mode() == DiscoveryConfig.Mode.STATIC
                ? Future.succeededFuture(() -> new StaticDiscoveryVerticle(config.discovery().staticPods()))
                // building a Kubernetes client reads files and may resolve names: never on an event loop
                : vertx.executeBlocking(kubernetes::get).map(client -> () -> scraper(config, client, metrics));
        return syncer.deploy(() -> new RegistryVerticle(metrics, config.discovery().kubernetes().watchGraceMs()), 1)
                .compose(v -> discovery)
                .compose(verticle -> syncer.deploy(verticle, 1))
                .compose(v -> syncer.deploy(() -> new HttpVerticle(config, metrics), config.http().instances()))
                .map(syncer)
                .recover(error -> syncer.undeploy().transform(ignored -> Future.failedFuture(error)));
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
        return chain.recover(error -> Future.succeededFuture());
    }

    private Future<Void> deploy(Supplier<VerticleBase> verticle, int instances) {
        return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances))
                .onSuccess(deployments::add)
                .mapEmpty();
    }

    /** Registers the local codecs of the records syncer's verticles pass each other; idempotent. */
    public static void registerCodecs(EventBus eventBus) {
        Codecs.register(eventBus, PodSet.class, DiscoveredPods.class, SyncerConfig.class);
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
