package io.syncer.registry;

import io.syncer.bus.Addresses;
import io.syncer.metrics.SyncerMetrics;
import io.syncer.model.DiscoveredPods;
import io.syncer.model.DiscoveryState;
import io.syncer.model.Pod;
import io.syncer.model.PodSet;
import io.syncer.model.RegistryView;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Owns the pod set, the discovery state and the service status on its own event loop. Discovery sources send it what
 * they see; it numbers each change of the pods, hands the resulting view (the usable set, or why checks are refused) to
 * every check front that joined it, and only once they all confirmed publishes the set on {@link Addresses#PODS}: a
 * check that arrives after a {@code syncer.pods} frame of generation G never runs on an older set. It logs each change
 * of the discovery state once (WARN while discovery does not know, INFO when it settles), refuses checks on a set whose
 * watch has been down longer than the grace ("pod set stale since ..."), and answers snapshot and status requests.
 * Deploy exactly one instance.
 */
public class RegistryVerticle extends VerticleBase {

    /** Failure code of a snapshot request that no usable pod set can answer. */
    public static final int NOT_READY = 503;

    private static final Logger LOGGER = LoggerFactory.getLogger(RegistryVerticle.class);
    private static final long FRONT_CONFIRM_MS = 2_000;

    private final PodRegistry registry = new PodRegistry(System.currentTimeMillis());
    private final ServiceStatus status;
    private final SyncerMetrics metrics;
    private final Set<String> fronts = new LinkedHashSet<>();
    private List<MessageConsumer<?>> consumers;
    private RegistryView view;
    /** Hand-overs to the fronts and the publications that follow them, one after another in order of change. */
    private Future<Void> handOvers = Future.succeededFuture();
    private long staleTimer = -1;
    /** Changed config keys that only a restart applies. */
    private JsonArray restartPending = new JsonArray();

    public RegistryVerticle(SyncerMetrics metrics, long watchGraceMs) {
        this.metrics = metrics;
        this.status = new ServiceStatus(watchGraceMs);
    }

    @Override
    public Future<?> start() {
        metrics.discoveryState(registry.state());
        view = currentView(System.currentTimeMillis(), 0);
        consumers = List.of(
                vertx.eventBus().<DiscoveredPods>localConsumer(Addresses.DISCOVERED_PODS, this::onDiscovered),
                vertx.eventBus().localConsumer(Addresses.REGISTRY_SNAPSHOT, this::onSnapshotRequest),
                vertx.eventBus().localConsumer(Addresses.STATUS, message -> message.reply(statusJson())),
                vertx.eventBus().<String>localConsumer(Addresses.FRONT_JOIN, message -> {
                    fronts.add(message.body());
                    message.reply(view, Addresses.local());
                }),
                vertx.eventBus().<String>localConsumer(Addresses.FRONT_LEAVE, message -> {
                    fronts.remove(message.body());
                    message.reply(null);
                }),
                vertx.eventBus().localConsumer(Addresses.DRAIN, message -> {
                    status.drain();
                    vertx.eventBus().publish(Addresses.DRAINING, null, Addresses.local());
                    message.reply(statusJson());
                }),
                vertx.eventBus().<JsonObject>localConsumer(Addresses.DISCOVERY_STATUS, this::onDiscoveryStatus),
                vertx.eventBus().<JsonArray>localConsumer(Addresses.RESTART_PENDING, message -> restartPending = message.body()));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(staleTimer);
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList());
    }

    private JsonObject statusJson() {
        long now = System.currentTimeMillis();
        return status.toJson(view.usable(), now).put("discovery", registry.toJson(now)).put("restartPending", restartPending.copy());
    }

    private void onDiscovered(Message<DiscoveredPods> message) {
        DiscoveredPods discovered = message.body();
        DiscoveryState before = registry.state();
        String reasonBefore = registry.reason();
        PodSet changed = registry.accept(discovered, System.currentTimeMillis()).orElse(null);
        if (changed != null) {
            LOGGER.info("Pod set changed [generation: {}] [source: {}] [pods: {}]", changed.generation(), discovered.source(),
                    changed.pods().stream().map(Pod::name).collect(Collectors.joining(" ")));
            metrics.podSetChanged(changed.size());
        }
        if (registry.state() != before || !Objects.equals(registry.reason(), reasonBefore)) {
            metrics.discoveryState(registry.state());
            if (registry.state() == DiscoveryState.SETTLED) {
                LOGGER.info("Discovery settled [source: {}] [was: {}]", discovered.source(), before.wireName());
            } else {
                LOGGER.warn("Discovery {} [source: {}] [answer: {}]: {}", registry.state().wireName(), discovered.source(),
                        registry.usable().isPresent() ? "checks run on the held pod set" : "checks are refused with 503",
                        registry.reason());
            }
        }
        refreshView(changed);
    }

    private void onDiscoveryStatus(Message<JsonObject> message) {
        long now = System.currentTimeMillis();
        status.watching(message.body().getBoolean("watching", false), now);
        status.watchState(message.body().getString("watch", "down"));
        vertx.cancelTimer(staleTimer);
        if (status.staleAtMs() > 0) {
            staleTimer = vertx.setTimer(Math.max(1, status.staleAtMs() - now), id -> {
                if (status.stale(System.currentTimeMillis())) {
                    LOGGER.warn("Discovery stale [answer: checks are refused with 503]: {}", status.staleReason(System.currentTimeMillis()));
                }
                refreshView(null);
            });
        }
        refreshView(null);
    }

    /**
     * Recomputes the view; when it changed, hands it to every front, then publishes it locally and, with a new
     * generation, the pod set on {@link Addresses#PODS}.
     */
    private void refreshView(PodSet changed) {
        RegistryView next = currentView(System.currentTimeMillis(), view.sequence() + 1);
        if (next.sameAs(view) && changed == null) {
            return;
        }
        boolean viewChanged = !next.sameAs(view);
        if (viewChanged) {
            view = next;
        }
        handOvers = handOvers.transform(previous -> viewChanged ? handOver(next) : Future.<Void>succeededFuture())
                .onComplete(done -> {
                    if (viewChanged) {
                        vertx.eventBus().publish(Addresses.REGISTRY_VIEW, next, Addresses.local());
                    }
                    if (changed != null) {
                        vertx.eventBus().publish(Addresses.PODS, changed.toJson());
                    }
                });
    }

    /** Hands {@code next} to every front and completes when each has confirmed it (or failed to). */
    private Future<Void> handOver(RegistryView next) {
        List<Future<Void>> confirmations = List.copyOf(fronts).stream().map(front -> vertx.eventBus()
                .request(front, next, Addresses.local().setSendTimeout(FRONT_CONFIRM_MS))
                .<Void>mapEmpty()
                .onFailure(error -> {
                    if (error instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
                        fronts.remove(front);
                    } else {
                        LOGGER.warn("A check front did not confirm the pod set view [sequence: {}]: {}", next.sequence(), error.getMessage());
                    }
                })).toList();
        return Future.join(confirmations).transform(ignored -> Future.succeededFuture());
    }

    /** What a check may run on now: the usable set, unless discovery does not know it or its watch is stale. */
    private RegistryView currentView(long nowMs, long sequence) {
        PodSet usable = registry.usable().orElse(null);
        if (usable == null) {
            return new RegistryView(null, registry.refusal(), sequence);
        }
        if (status.stale(nowMs)) {
            return new RegistryView(null, status.staleReason(nowMs), sequence);
        }
        return new RegistryView(usable, null, sequence);
    }

    private void onSnapshotRequest(Message<Object> message) {
        if (view.usable() != null) {
            message.reply(view.usable());
        } else {
            message.fail(NOT_READY, view.refusal());
        }
    }
}
