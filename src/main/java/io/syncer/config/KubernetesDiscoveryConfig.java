package io.syncer.config;

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
        section.allowOnlyDeclared();
        Source source = ConfigKeys.KUBERNETES_SOURCE.read(section);
        boolean needsDeployment = kubernetesMode && source == Source.DEPLOYMENT;
        boolean needsService = kubernetesMode && source == Source.SERVICE;
        return new KubernetesDiscoveryConfig(
                blankToNull(ConfigKeys.KUBERNETES_NAMESPACE.read(section)),
                source,
                required(section, ConfigKeys.KUBERNETES_DEPLOYMENT, needsDeployment),
                required(section, ConfigKeys.KUBERNETES_SERVICE, needsService),
                blankToNull(ConfigKeys.KUBERNETES_PORT_NAME.read(section)),
                ConfigKeys.KUBERNETES_WATCH_GRACE_MS.read(section),
                ConfigKeys.KUBERNETES_WATCH_RESTART_MS.read(section));
    }

    private static String required(ConfigSection section, ConfigParameter<String> parameter, boolean needed) {
        String value = blankToNull(parameter.read(section));
        if (needed && value == null) {
            throw new ConfigException(parameter.key(), "is required and must not be blank");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
