package io.syncer.config;

import java.util.Set;

/**
 * Where the gateway lives in Kubernetes.
 *
 * @param namespace the namespace, or null for the namespace syncer itself runs in (or the kubeconfig's)
 * @param deployment the gateway Deployment's name
 */
public record KubernetesDiscoveryConfig(String namespace, String deployment) {

    static KubernetesDiscoveryConfig from(ConfigSection section, boolean required) {
        section.allowOnly(Set.of("namespace", "deployment"));
        String namespace = blankToNull(section.string("namespace", null));
        String deployment = required ? section.nonBlank("deployment", null) : blankToNull(section.string("deployment", null));
        return new KubernetesDiscoveryConfig(namespace, deployment);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
