package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.syncer.bus.Addresses;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.model.DiscoveredPods;
import io.syncer.model.DiscoveryState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Follows the gateway's pods in Kubernetes with the informers of a {@link PodSource} (watch, not polling) and, on
 * every change, hands the pods it selects to the registry. Informer callbacks arrive on fabric8's threads and are
 * hopped onto this verticle's context; a burst of events gives one selection, sent to the registry with its discovery
 * state (the registry logs and judges it).
 * <ul>
 * <li>A list or watch the API server refuses with 401 or 403 is a configuration error: the registry is told
 * {@code forbidden} at once, naming the resource, verb and namespace, until that informer watches again (fabric8 keeps
 * retrying with backoff, so a granted permission recovers by itself).</li>
 * <li>Other API errors are retried by the informers; until they recover, the registry keeps the last known set (its
 * watch grace decides how long).</li>
 * <li>Once a second it checks that every watch that has started holds ({@code isWatching()}): a change is reported to
 * the registry (readiness) and metrics. A watch that has not started yet is starting, not down. An informer whose
 * watch has been down longer than {@code restartAfterMs} is replaced by a new one, which relists.</li>
 * </ul>
 */
public class ScraperVerticle extends VerticleBase {

    private static final Logger LOGGER = LoggerFactory.getLogger(ScraperVerticle.class);

    private final PodSource source;
    private final SyncerMetrics metrics;
    private final long restartAfterMs;
    private final AtomicBoolean selectionScheduled = new AtomicBoolean();
    private final Map<String, SharedIndexInformer<? extends HasMetadata>> informers = new ConcurrentHashMap<>();
    private final Map<String, Long> downSince = new HashMap<>();
    /** Kinds whose watch has held at least once: before that a kind is starting, not down. */
    private final Set<String> started = new HashSet<>();
    /** Kinds the API server refused (401/403), with the message naming resource, verb and namespace. */
    private final Map<String, String> forbidden = new LinkedHashMap<>();
    /** The last error of each kind other than a refusal, so that a retrying informer logs it once, not every time. */
    private final Map<String, String> lastError = new HashMap<>();
    private long healthTimer;
    private boolean lastWatching = true;
    private String lastWatchState = "starting";
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

    /** True while every watch that has started holds; a watch not started yet is not counted as down. */
    private boolean startedWatchesHold() {
        return informers.entrySet().stream()
                .filter(entry -> started.contains(entry.getKey()))
                .allMatch(entry -> entry.getValue().isWatching());
    }

    private void startInformer(String kind, Supplier<SharedIndexInformer<? extends HasMetadata>> factory) {
        SharedIndexInformer<? extends HasMetadata> informer = factory.get();
        informer.exceptionHandler((isStarted, error) -> {
            context.runOnContext(v -> onApiError(kind, error));
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
        informer.start().whenComplete((ok, error) -> scheduleSelection());
    }

    /** An API error of an informer (on this context): a refusal is reported at once, anything else logged once per change. */
    private void onApiError(String kind, Throwable error) {
        started.add(kind); // its start has been tried: from now on a watch that does not hold is down
        int code = statusCode(error);
        if (code == 401 || code == 403) {
            String verb = isWatch(error) ? "watch" : "list";
            String message = "the service account may not " + verb + " " + source.resourceOf(kind) + " in namespace "
                    + source.namespace() + " (HTTP " + code + "); grant it in the Role, syncer retries";
            if (!message.equals(forbidden.put(kind, message))) {
                LOGGER.debug("Kubernetes API refused [watch: {}] [source: {}]: {}", kind, source, message);
                select();
            }
            return;
        }
        String summary = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        if (!summary.equals(lastError.put(kind, summary))) {
            LOGGER.warn("Kubernetes API error, retrying [watch: {}] [source: {}]: {}", kind, source, summary);
        } else {
            LOGGER.debug("Kubernetes API error again, retrying [watch: {}] [source: {}]: {}", kind, source, summary);
        }
    }

    /** The HTTP status of a Kubernetes API error, looked for along its causes; 0 when it has none. */
    static int statusCode(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException api && api.getCode() > 0) {
                return api.getCode();
            }
        }
        return 0;
    }

    /** Whether the refused request was the watch (fabric8 watches over a WebSocket) rather than the list. */
    private static boolean isWatch(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof WatcherException
                    || (cause.getMessage() != null && cause.getMessage().toLowerCase(java.util.Locale.ROOT).contains("websocket"))) {
                return true;
            }
        }
        return false;
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
        if (!forbidden.isEmpty()) {
            publish(DiscoveredPods.state(source.name(), DiscoveryState.FORBIDDEN, String.join("; ", forbidden.values())));
            return;
        }
        Map<String, List<? extends HasMetadata>> caches = new HashMap<>();
        for (Map.Entry<String, SharedIndexInformer<? extends HasMetadata>> entry : informers.entrySet()) {
            if (!entry.getValue().hasSynced()) {
                return;
            }
            caches.put(entry.getKey(), entry.getValue().getStore().list());
        }
        selectedOnce = true;
        publish(source.select(caches).toDiscovered(source.name()));
    }

    private void publish(DiscoveredPods discovered) {
        vertx.eventBus().publish(Addresses.DISCOVERED_PODS, discovered, Addresses.local());
    }

    private void checkWatches() {
        for (Map.Entry<String, SharedIndexInformer<? extends HasMetadata>> entry : informers.entrySet()) {
            if (entry.getValue().isWatching()) {
                started.add(entry.getKey());
                lastError.remove(entry.getKey());
            }
        }
        if (forbidden.keySet().removeIf(kind -> informers.get(kind).isWatching())) {
            LOGGER.info("Kubernetes API permits the watches again [source: {}]", source);
            select();
        } else if (!selectedOnce) {
            // the caches may have synced after the last event, while their watch was failing
            select();
        }
        long now = System.currentTimeMillis();
        Map<String, Supplier<SharedIndexInformer<? extends HasMetadata>>> factories = source.informers();
        for (String kind : List.copyOf(informers.keySet())) {
            if (informers.get(kind).isWatching() || forbidden.containsKey(kind)) {
                // a refused informer keeps retrying with fabric8's backoff; a new one would be refused the same way
                downSince.remove(kind);
            } else if (now - downSince.computeIfAbsent(kind, k -> now) >= restartAfterMs) {
                LOGGER.warn("Watch down for {} ms, replacing the informer [watch: {}] [source: {}]", now - downSince.get(kind), kind, source);
                downSince.remove(kind);
                informers.remove(kind).stop();
                metrics.watchRestarted(kind);
                startInformer(kind, factories.get(kind));
            }
        }
        boolean holds = startedWatchesHold();
        // starting while a kind has not watched yet (nor failed); holding once every watch is open; else down
        String state = !holds ? "down" : informers.keySet().stream().allMatch(started::contains)
                && informers.values().stream().allMatch(SharedIndexInformer::isWatching) ? "holding" : "starting";
        if (!state.equals(lastWatchState)) {
            lastWatchState = state;
            vertx.eventBus().publish(Addresses.DISCOVERY_STATUS, new JsonObject().put("watching", holds).put("watch", state),
                    Addresses.local());
        }
        if (holds != lastWatching) {
            lastWatching = holds;
            if (holds) {
                LOGGER.info("Kubernetes watches hold again [source: {}]", source);
            } else {
                LOGGER.warn("A Kubernetes watch is down, the informers retry [source: {}]", source);
            }
            metrics.watching(holds);
        }
    }
}
