package io.syncer.discovery;

import io.syncer.bus.Addresses;
import io.syncer.model.DiscoveredPods;
import io.syncer.model.Pod;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.List;

/** Discovery outside Kubernetes: hands the configured pods to the registry once, at start. */
public class StaticDiscoveryVerticle extends VerticleBase {

    private final List<Pod> pods;

    public StaticDiscoveryVerticle(List<Pod> pods) {
        this.pods = List.copyOf(pods);
    }

    @Override
    public Future<?> start() {
        vertx.eventBus().publish(Addresses.DISCOVERED_PODS, new DiscoveredPods("static", pods));
        return Future.succeededFuture();
    }
}
