package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.syncer.bus.Addresses;
import io.syncer.metrics.SyncerMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Follows the gateway's pods in Kubernetes with the informers of a {@link PodSource} (watch, not polling) and, on
 * every change, hands the pods it selects to the registry. Informer callbacks arrive on fabric8's threads and are
 * hopped onto this verticle's context; a burst of events gives one selection, sent to the registry with its discovery
 * state (the registry logs and judges it). API errors are logged and the informers retry; until they recover, the
 * registry keeps the last known set. Once a second it checks that every watch holds
 * ({@code isWatching()}): a change is reported to the registry (readiness) and metrics, and an informer whose watch has
 * been down longer than {@code restartAfterMs} is replaced by a new one, which relists.
 */
public class ScraperVerticle extends VerticleBase {

    private static final Logger LOGGER = LoggerFactory.getLogger(ScraperVerticle.class);

    private final PodSource source;
    private final SyncerMetrics metrics;
    private final long restartAfterMs;
    private final AtomicBoolean selectionScheduled = new AtomicBoolean();
    private final Map<String, SharedIndexInformer<? extends HasMetadata>> informers = new ConcurrentHashMap<>();
    private final Map<String, Long> downSince = new HashMap<>();
    private long healthTimer;
    private boolean lastWatching = true;
    private boolean selectedOnce;

    public ScraperVerticle(PodSource source, SyncerMetrics metrics, long restartAfterMs) {
        this.source = Objects.requireNonNull(source, "source");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.restartAfterMs = restartAfterMs;
    }

    @Override
    public Future<?> start() {
        LOGGER.info("Following {} [source: {}]", source, source.name());
        source.informers().forEach(this::startInformer);
        healthTimer = vertx.setPeriodic(1000, id -> checkWatches());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(healthTimer);
        informers.values().forEach(SharedIndexInformer::stop);
        return Future.succeededFuture();
    }

    /** True while every informer holds an open watch (safe to call from any thread). */
    public boolean watching() {
        return !informers.isEmpty() && List.copyOf(informers.values()).stream().allMatch(SharedIndexInformer::isWatching);
    }

    private void startInformer(String kind, Supplier<SharedIndexInformer<? extends HasMetadata>> factory) {
        SharedIndexInformer<? extends HasMetadata> informer = factory.get();
        informer.exceptionHandler((started, error) -> {
            LOGGER.warn("Kubernetes API error, retrying [watch: {}] [source: {}]: {}", kind, source, error.toString());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<HasMetadata>() {
            @Override
            public void onAdd(HasMetadata resource) {
                onEvent(kind);
            }

            @Override
            public void onUpdate(HasMetadata before, HasMetadata after) {
                onEvent(kind);
            }

            @Override
            public void onDelete(HasMetadata resource, boolean finalStateUnknown) {
                onEvent(kind);
            }
        });
        informers.put(kind, informer);
        informer.start().whenComplete((ok, error) -> {
            if (error != null) {
                LOGGER.warn("Informer could not start yet, retrying [watch: {}] [source: {}]: {}", kind, source, error.toString());
            }
            scheduleSelection();
        });
    }

    /** Called on fabric8's threads. */
    private void onEvent(String kind) {
        metrics.discoveryEvent(kind);
        scheduleSelection();
    }

    private void scheduleSelection() {
        if (selectionScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                selectionScheduled.set(false);
                select();
            });
        }
    }

    private void select() {
        Map<String, List<? extends HasMetadata>> caches = new HashMap<>();
        for (Map.Entry<String, SharedIndexInformer<? extends HasMetadata>> entry : informers.entrySet()) {
            if (!entry.getValue().hasSynced()) {
                return;
            }
            caches.put(entry.getKey(), entry.getValue().getStore().list());
        }
        selectedOnce = true;
        vertx.eventBus().publish(Addresses.DISCOVERED_PODS, source.select(caches).toDiscovered(source.name()), Addresses.local());
    }

    private void checkWatches() {
        if (!selectedOnce) {
            // the caches may have synced after the last event, while their watch was failing
            select();
        }
        long now = System.currentTimeMillis();
        Map<String, Supplier<SharedIndexInformer<? extends HasMetadata>>> factories = source.informers();
        for (String kind : List.copyOf(informers.keySet())) {
            if (informers.get(kind).isWatching()) {
                downSince.remove(kind);
            } else if (now - downSince.computeIfAbsent(kind, k -> now) >= restartAfterMs) {
                LOGGER.warn("Watch down for {} ms, replacing the informer [watch: {}] [source: {}]", now - downSince.get(kind), kind, source);
                downSince.remove(kind);
                informers.remove(kind).stop();
                metrics.watchRestarted(kind);
                startInformer(kind, factories.get(kind));
            }
        }
        boolean holds = watching();
        if (holds != lastWatching) {
            lastWatching = holds;
            if (holds) {
                LOGGER.info("Kubernetes watches hold again [source: {}]", source);
            } else {
                LOGGER.warn("A Kubernetes watch is down, the informers retry [source: {}]", source);
            }
            metrics.watching(holds);
            vertx.eventBus().publish(Addresses.DISCOVERY_STATUS, new JsonObject().put("watching", holds), Addresses.local());
        }
    }
}
