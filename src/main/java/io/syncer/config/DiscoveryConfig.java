package io.syncer.config;

import io.syncer.model.Pod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How syncer learns the gateway's pods.
 *
 * @param mode kubernetes (follow the Deployment) or static (a fixed list)
 * @param staticPods the pods of static mode
 * @param kubernetes where to look in kubernetes mode
 */
public record DiscoveryConfig(Mode mode, List<Pod> staticPods, KubernetesDiscoveryConfig kubernetes) {

    /** The discovery source. */
    public enum Mode { KUBERNETES, STATIC }

    public DiscoveryConfig {
        staticPods = List.copyOf(staticPods);
    }

    static DiscoveryConfig from(ConfigSection section) {
        section.allowOnlyDeclared();
        Mode mode = ConfigKeys.DISCOVERY_MODE.read(section);
        List<Pod> pods = staticPods(ConfigKeys.DISCOVERY_STATIC.read(section), ConfigKeys.DISCOVERY_STATIC.key());
        if (mode == Mode.STATIC && pods.isEmpty()) {
            throw new ConfigException(ConfigKeys.DISCOVERY_STATIC.key(), "must list at least one pod when discovery.mode is static");
        }
        KubernetesDiscoveryConfig kubernetes = KubernetesDiscoveryConfig.from(section.section("kubernetes"), mode == Mode.KUBERNETES);
        return new DiscoveryConfig(mode, pods, kubernetes);
    }

    private static List<Pod> staticPods(JsonArray array, String key) {
        List<Pod> pods = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String itemKey = key + "[" + i + "]";
            Object item = array.getValue(i);
            if (!(item instanceof JsonObject)) {
                throw new ConfigException(itemKey, "must be an object {name, address}, got " + ConfigSection.describe(item));
            }
            ConfigSection pod = new ConfigSection((JsonObject) item, itemKey).allowOnly(Set.of("name", "address"));
            String address = pod.nonBlank("address", null);
            String name = pod.string("name", address);
            if (!names.add(name)) {
                throw new ConfigException(itemKey + ".name", "duplicate pod name '" + name + "'");
            }
            try {
                pods.add(Pod.of(name, address));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(itemKey + ".address", e.getMessage());
            }
        }
        return pods;
    }
}
