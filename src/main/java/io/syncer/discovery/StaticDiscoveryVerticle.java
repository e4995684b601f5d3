package io.syncer.discovery;

import io.syncer.bus.Addresses;
import io.syncer.config.DiscoveryConfig;
import io.syncer.config.SyncerConfig;
import io.syncer.model.DiscoveredPods;
import io.syncer.model.Pod;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.List;

/**
 * Discovery outside Kubernetes: hands the configured pods to the registry at start, and again whenever a reloaded
 * config changes them.
 */
public class StaticDiscoveryVerticle extends VerticleBase {

    private List<Pod> pods;
    private MessageConsumer<SyncerConfig> configConsumer;

    public StaticDiscoveryVerticle(List<Pod> pods) {
        this.pods = List.copyOf(pods);
    }

    @Override
    public Future<?> start() {
        configConsumer = vertx.eventBus().localConsumer(Addresses.CONFIG, message -> {
            DiscoveryConfig discovery = message.body().discovery();
            if (discovery.mode() == DiscoveryConfig.Mode.STATIC && !discovery.staticPods().equals(pods)) {
                pods = discovery.staticPods();
                publish();
            }
        });
        publish();
        return configConsumer.completion();
    }

    @Override
    public Future<?> stop() {
        return configConsumer.unregister();
    }

    private void publish() {
        vertx.eventBus().publish(Addresses.DISCOVERED_PODS, DiscoveredPods.of("static", pods), Addresses.local());
    }
}
