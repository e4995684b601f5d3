package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.syncer.model.DiscoveryState;
import io.syncer.model.Pod;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which endpoints of a Service are checked: every endpoint whose {@code serving} condition is true (terminating pods
 * that still serve included; with no {@code serving} condition, {@code ready} decides, and with neither the endpoint
 * counts as serving, as the EndpointSlice API defines). The pod's name comes from {@code targetRef}; its address
 * from the endpoint's first address and the port named {@code portName} in the slice (or {@code check.pod.port}).
 * An endpoint listed in two slices (while they are being rewritten) is checked once. No slice at all (the only one
 * deleted and not yet recreated by the EndpointSlice controller) holds the last set; slices without a serving
 * endpoint mean no serving pod.
 */
public final class EndpointSliceSelection {

    private EndpointSliceSelection() {
    }

    public static PodSelection.Selection select(Collection<EndpointSlice> slices, String portName, int defaultPort) {
        Map<String, Pod> pods = new LinkedHashMap<>();
        String problem = null;
        List<EndpointSlice> ordered = slices.stream()
                .filter(slice -> !"FQDN".equals(slice.getAddressType()))
                .sorted(Comparator.comparing(slice -> slice.getMetadata().getName()))
                .toList();
        for (EndpointSlice slice : ordered) {
            Optional<Integer> port = port(slice, portName, defaultPort);
            if (port.isEmpty()) {
                problem = "EndpointSlice " + slice.getMetadata().getName() + " has no port named " + portName;
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
                if (!serving(endpoint.getConditions()) || endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()) {
                    continue;
                }
                String address = endpoint.getAddresses().get(0);
                String name = podName(endpoint.getTargetRef()).orElse(address);
                pods.putIfAbsent(name, new Pod(name, address, port.get()));
            }
        }
        if (slices.isEmpty()) {
            return PodSelection.Selection.of(DiscoveryState.HELD, "the Service has no EndpointSlice (being rewritten)");
        }
        List<Pod> selected = pods.values().stream().sorted(Comparator.comparing(Pod::name)).toList();
        return PodSelection.Selection.serving(selected, selected.isEmpty()
                ? "no serving gateway pods: " + (problem == null ? "the Service has no serving endpoints" : problem) : problem);
    }

    static boolean serving(EndpointConditions conditions) {
        if (conditions == null) {
            return true;
        }
        if (conditions.getServing() != null) {
            return conditions.getServing();
        }
        return conditions.getReady() == null || conditions.getReady();
    }

    private static Optional<Integer> port(EndpointSlice slice, String portName, int defaultPort) {
        if (portName == null) {
            return Optional.of(defaultPort);
        }
        List<EndpointPort> ports = slice.getPorts() == null ? List.of() : slice.getPorts();
        return ports.stream().filter(p -> portName.equals(p.getName()) && p.getPort() != null).map(EndpointPort::getPort).findFirst();
    }

    private static Optional<String> podName(ObjectReference target) {
        return target != null && "Pod".equals(target.getKind()) && target.getName() != null
                ? Optional.of(target.getName()) : Optional.empty();
    }
}
