package io.syncer.config;

import io.vertx.core.json.JsonObject;

/**
 * The whole, validated configuration: built once at start-up from the config file and the environment.
 *
 * @param http the gateway-facing HTTP server
 * @param discovery how the pods are found
 * @param check how a check runs
 * @param log how syncer logs
 * @param cluster the clustered event bus
 * @param bridge the TCP event-bus bridge
 * @param tracing OpenTelemetry traces
 * @param vertx how syncer's own Vertx runs
 */
public record SyncerConfig(HttpConfig http, DiscoveryConfig discovery, CheckConfig check, LogConfig log, ClusterConfig cluster,
                           BridgeConfig bridge, TracingConfig tracing, VertxConfig vertx) {

    /**
     * Validates a configuration tree, filling in defaults.
     *
     * @throws ConfigException naming the first key that is wrong and why
     */
    public static SyncerConfig fromJson(JsonObject json) {
        ConfigSection root = new ConfigSection(json, "").allowOnlyDeclared();
        return new SyncerConfig(
                HttpConfig.from(root.section("http")),
                DiscoveryConfig.from(root.section("discovery")),
                CheckConfig.from(root.section("check")),
                LogConfig.from(root.section("log")),
                ClusterConfig.from(root.section("cluster")),
                BridgeConfig.from(root.section("bridge")),
                TracingConfig.from(root.section("tracing")),
                VertxConfig.from(root.section("vertx")));
    }

    /** Settings that weaken security, each as one sentence: logged at start and shown in the readiness data. */
    public java.util.List<String> warnings() {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        if (check.pod().tlsTrustAll()) {
            warnings.add("check.pod.tlsTrustAll is true: pod certificates are not verified (anyone on the path can answer for a pod)");
        }
        if (check.pod().tlsKeyLogFile() != null) {
            warnings.add("check.pod.tls.keyLogFile is set: the pod connections' TLS session keys are written to "
                    + check.pod().tlsKeyLogFile() + " (whoever reads it can decrypt captured traffic) and TLS 1.2 only is offered");
        }
        return java.util.List.copyOf(warnings);
    }

    /** The effective configuration, defaults filled in, in the same tree shape as the file. */
    public JsonObject toJson() {
        return RecordJson.toJson(this);
    }
}
