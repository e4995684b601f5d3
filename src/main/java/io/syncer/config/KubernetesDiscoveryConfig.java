package io.syncer.config;

import java.util.Set;

/**
 * Where the gateway lives in Kubernetes and how its pods are found.
 *
 * @param namespace the namespace, or null for the namespace syncer itself runs in (or the kubeconfig's)
 * @param source deployment (the original: the pods of the Deployment's current ReplicaSet) or service (every serving
 *               endpoint of the gateway Service, terminating pods included: right during rollouts)
 * @param deployment the gateway Deployment's name (source deployment)
 * @param service the gateway Service's name (source service)
 * @param portName with source service: the EndpointSlice port whose number is used; null for check.pod.port
 * @param watchGraceMs how long a broken watch is tolerated before readiness goes false
 * @param watchRestartMs how long a watch may stay down before its informer is replaced
 */
public record KubernetesDiscoveryConfig(String namespace, Source source, String deployment, String service, String portName,
                                        int watchGraceMs, int watchRestartMs) {

    /** The Kubernetes discovery source. */
    public enum Source { DEPLOYMENT, SERVICE }

    static KubernetesDiscoveryConfig from(ConfigSection section, boolean kubernetesMode) {
        section.allowOnly(Set.of("namespace", "source", "deployment", "service", "portName", "watchGraceMs", "watchRestartMs"));
        Source source = section.choice("source", Source.class, Source.DEPLOYMENT);
        boolean needsDeployment = kubernetesMode && source == Source.DEPLOYMENT;
        boolean needsService = kubernetesMode && source == Source.SERVICE;
        return new KubernetesDiscoveryConfig(
                blankToNull(section.string("namespace", null)),
                source,
                needsDeployment ? section.nonBlank("deployment", null) : blankToNull(section.string("deployment", null)),
                needsService ? section.nonBlank("service", null) : blankToNull(section.string("service", null)),
                blankToNull(section.string("portName", null)),
                section.integer("watchGraceMs", 60_000, 0, 3_600_000),
                section.integer("watchRestartMs", 15_000, 1_000, 3_600_000));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
