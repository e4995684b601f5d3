package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.syncer.model.DiscoveryState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The gateway Service's EndpointSlices: every endpoint that is serving, terminating ones included, so that during a
 * rollout the old pods that still receive traffic are checked too ({@link EndpointSliceSelection}). The Service itself
 * is watched too, so that a Service that does not exist is told apart from one whose slices are being rewritten.
 */
public final class EndpointSliceSource implements PodSource {

    /** What its informer reads. */
    public static final List<String> WATCHED_RESOURCES = List.of("discovery.k8s.io/endpointslices", "/services");
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final KubernetesClient client;
    private final String namespace;
    private final String service;
    private final String portName;
    private final int podPort;

    public EndpointSliceSource(KubernetesClient client, String namespace, String service, String portName, int podPort) {
        this.client = client;
        this.namespace = namespace;
        this.service = service;
        this.portName = portName;
        this.podPort = podPort;
    }

    @Override
    public String name() {
        return "service";
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String resourceOf(String kind) {
        return kind.equals("service") ? "services" : kind;
    }

    @Override
    public List<String> watchedResources() {
        return WATCHED_RESOURCES;
    }

    @Override
    public Map<String, Supplier<SharedIndexInformer<? extends HasMetadata>>> informers() {
        Map<String, Supplier<SharedIndexInformer<? extends HasMetadata>>> informers = new LinkedHashMap<>();
        informers.put("service", () -> client.services().inNamespace(namespace).withName(service).runnableInformer(0));
        informers.put("endpointslices", () -> client.discovery().v1().endpointSlices().inNamespace(namespace)
                .withLabel(SERVICE_NAME_LABEL, service).runnableInformer(0));
        return informers;
    }

    @Override
    @SuppressWarnings("unchecked")
    public PodSelection.Selection select(Map<String, List<? extends HasMetadata>> caches) {
        if (caches.get("service").isEmpty()) {
            return PodSelection.Selection.of(DiscoveryState.MISSING, this + " does not exist");
        }
        return EndpointSliceSelection.select((List<EndpointSlice>) caches.get("endpointslices"), portName, podPort);
    }

    @Override
    public String toString() {
        return "Service " + namespace + "/" + service;
    }
}
