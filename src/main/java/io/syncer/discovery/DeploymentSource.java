package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.syncer.model.DiscoveryState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The original's source: the pods of the Deployment's current ReplicaSet ({@link PodSelection}). Right between
 * rollouts; during one it checks only the new pods, while old ones may still serve (prefer {@link EndpointSliceSource}),
 * but it counts the old ones, so that {@code check.minPods} never skips a check while more pods serve.
 */
public final class DeploymentSource implements PodSource {

    /** What its informers read. */
    public static final List<String> WATCHED_RESOURCES = List.of("apps/deployments", "apps/replicasets", "/pods");

    private final KubernetesClient client;
    private final String namespace;
    private final String deployment;
    private final int podPort;

    public DeploymentSource(KubernetesClient client, String namespace, String deployment, int podPort) {
        this.client = client;
        this.namespace = namespace;
        this.deployment = deployment;
        this.podPort = podPort;
    }

    @Override
    public String name() {
        return "deployment";
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String resourceOf(String kind) {
        return kind.equals("deployment") ? "deployments" : kind;
    }

    @Override
    public List<String> watchedResources() {
        return WATCHED_RESOURCES;
    }

    @Override
    public Map<String, Supplier<SharedIndexInformer<? extends HasMetadata>>> informers() {
        Map<String, Supplier<SharedIndexInformer<? extends HasMetadata>>> informers = new LinkedHashMap<>();
        informers.put("deployment", () -> client.apps().deployments().inNamespace(namespace).withName(deployment).runnableInformer(0));
        informers.put("replicasets", () -> client.apps().replicaSets().inNamespace(namespace).runnableInformer(0));
        informers.put("pods", () -> client.pods().inNamespace(namespace).withLabel(PodSelection.TEMPLATE_HASH).runnableInformer(0));
        return informers;
    }

    @Override
    @SuppressWarnings("unchecked")
    public PodSelection.Selection select(Map<String, List<? extends HasMetadata>> caches) {
        List<Deployment> deployments = (List<Deployment>) caches.get("deployment");
        if (deployments.isEmpty()) {
            return PodSelection.Selection.of(DiscoveryState.MISSING, this + " does not exist");
        }
        return PodSelection.select(deployments.get(0),
                (List<ReplicaSet>) caches.get("replicasets"), (List<Pod>) caches.get("pods"), podPort);
    }

    @Override
    public String toString() {
        return "Deployment " + namespace + "/" + deployment;
    }
}
