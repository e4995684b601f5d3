package io.syncer.config;

import java.util.Set;

/**
 * Where the gateway lives in Kubernetes.
 *
 * @param namespace the namespace, or null for the namespace syncer itself runs in (or the kubeconfig's)
 * @param deployment the gateway Deployment's name
 * @param watchGraceMs how long a broken watch is tolerated before readiness goes false
 */
public record KubernetesDiscoveryConfig(String namespace, String deployment, int watchGraceMs) {

    static KubernetesDiscoveryConfig from(ConfigSection section, boolean required) {
        section.allowOnly(Set.of("namespace", "deployment", "watchGraceMs"));
        String namespace = blankToNull(section.string("namespace", null));
        String deployment = required ? section.nonBlank("deployment", null) : blankToNull(section.string("deployment", null));
        return new KubernetesDiscoveryConfig(namespace, deployment, section.integer("watchGraceMs", 60_000, 0, 3_600_000));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
