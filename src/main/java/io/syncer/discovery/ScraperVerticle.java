package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.syncer.bus.Addresses;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.model.DiscoveredPods;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Follows the gateway's pods in Kubernetes with three informers (its Deployment, the namespace's ReplicaSets, the
 * pods that carry a pod-template-hash) and, on every change, hands the pods {@link PodSelection} picks to the
 * registry. Informer callbacks arrive on fabric8's threads and are hopped onto this verticle's context. API errors
 * are logged and the informers retry; until they recover, the registry keeps the last known set.
 */
public class ScraperVerticle extends VerticleBase {

    /** The {@code apiGroup/resource} pairs the informers list and watch: all the RBAC Role has to grant. */
    public static final List<String> WATCHED_RESOURCES = List.of("apps/deployments", "apps/replicasets", "/pods");

    private static final Logger LOGGER = LoggerFactory.getLogger(ScraperVerticle.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String deploymentName;
    private final int podPort;
    private final SyncerMetrics metrics;
    private long watchTimer;
    private boolean lastWatching = true;
    private final AtomicBoolean selectionScheduled = new AtomicBoolean();
    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<io.fabric8.kubernetes.api.model.Pod> pods;
    private String lastProblem;

    public ScraperVerticle(KubernetesClient client, String namespace, String deploymentName, int podPort, SyncerMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.deploymentName = Objects.requireNonNull(deploymentName, "deploymentName");
        this.podPort = podPort;
    }

    @Override
    public Future<?> start() {
        deployments = watch("deployment", client.apps().deployments().inNamespace(namespace).withName(deploymentName).runnableInformer(0));
        replicaSets = watch("replicasets", client.apps().replicaSets().inNamespace(namespace).runnableInformer(0));
        pods = watch("pods", client.pods().inNamespace(namespace).withLabel(PodSelection.TEMPLATE_HASH).runnableInformer(0));
        LOGGER.info("Following Deployment [namespace: {}] [deployment: {}]", namespace, deploymentName);
        // Start-up does not wait for the API server: an unreachable API is retried in the background.
        List.of(deployments, replicaSets, pods).forEach(informer -> informer.start().whenComplete((ok, error) -> {
            if (error != null) {
                LOGGER.warn("Informer could not start yet, retrying [namespace: {}]: {}", namespace, error.toString());
            }
            scheduleSelection();
        }));
        watchTimer = vertx.setPeriodic(1000, id -> reportWatchState());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(watchTimer);
        List.of(deployments, replicaSets, pods).forEach(SharedIndexInformer::stop);
        return Future.succeededFuture();
    }

    /** True while all three informers hold an open watch (safe to call from any thread). */
    public boolean watching() {
        return deployments != null && deployments.isWatching() && replicaSets.isWatching() && pods.isWatching();
    }

    private void reportWatchState() {
        boolean holds = watching();
        if (holds != lastWatching) {
            lastWatching = holds;
            if (holds) {
                LOGGER.info("Kubernetes watches hold again [namespace: {}]", namespace);
            } else {
                LOGGER.warn("A Kubernetes watch is down, the informers retry [namespace: {}]", namespace);
            }
            metrics.watching(holds);
            vertx.eventBus().publish(Addresses.DISCOVERY_STATUS, new JsonObject().put("watching", holds));
        }
    }

    private <T extends HasMetadata> SharedIndexInformer<T> watch(String what, SharedIndexInformer<T> informer) {
        informer.exceptionHandler((started, error) -> {
            LOGGER.warn("Kubernetes API error, retrying [watch: {}] [namespace: {}]: {}", what, namespace, error.toString());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T resource) {
                metrics.discoveryEvent(what);
                scheduleSelection();
            }

            @Override
            public void onUpdate(T before, T after) {
                metrics.discoveryEvent(what);
                scheduleSelection();
            }

            @Override
            public void onDelete(T resource, boolean finalStateUnknown) {
                metrics.discoveryEvent(what);
                scheduleSelection();
            }
        });
        return informer;
    }

    /** Called on fabric8's threads; a burst of events leads to one selection on this verticle's context. */
    private void scheduleSelection() {
        if (selectionScheduled.compareAndSet(false, true)) {
            Context context = this.context;
            context.runOnContext(v -> {
                selectionScheduled.set(false);
                select();
            });
        }
    }

    private void select() {
        if (!deployments.hasSynced() || !replicaSets.hasSynced() || !pods.hasSynced()) {
            return;
        }
        List<Deployment> found = deployments.getStore().list();
        PodSelection.Selection selection = PodSelection.select(found.isEmpty() ? null : found.get(0),
                replicaSets.getStore().list(), pods.getStore().list(), podPort);
        if (selection.problem() != null && !selection.problem().equals(lastProblem)) {
            LOGGER.warn("No pods to check [namespace: {}] [deployment: {}]: {}", namespace, deploymentName, selection.problem());
        }
        lastProblem = selection.problem();
        vertx.eventBus().publish(Addresses.DISCOVERED_PODS, new DiscoveredPods("kubernetes", selection.pods()));
    }
}
