package io.syncer.config;

import io.vertx.core.json.JsonArray;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every configuration key syncer knows, declared once each; the README's table lists them in this order. A key marked
 * {@code reloadable()} applies to a running syncer when the file changes (check.* but check.maxInFlight and
 * check.zoneSync.*, and the static pods); any other change waits for a restart (the watcher says so, and readiness shows
 * it as restartPending).
 */
public final class ConfigKeys {

    public static final ConfigParameter<Boolean> HTTP_ENABLED = ConfigParameter.bool("http.enabled", true);
    public static final ConfigParameter<String> HTTP_HOST = ConfigParameter.nonBlank("http.host", "0.0.0.0");
    public static final ConfigParameter<Integer> HTTP_PORT = ConfigParameter.integer("http.port", 8080, 0, 65535);
    public static final ConfigParameter<String> HTTP_TOKEN_HEADER = ConfigParameter.nonBlank("http.tokenHeader", "X-Auth-Token");
    public static final ConfigParameter<String> HTTP_ORIGIN_HEADER = ConfigParameter.nonBlank("http.originHeader", "X-Origin");
    /** Default: the number of cores. */
    public static final ConfigParameter<Integer> HTTP_INSTANCES = ConfigParameter.integer("http.instances", null, 1, 256);
    public static final ConfigParameter<Integer> HTTP_IDLE_TIMEOUT_MS = ConfigParameter.integer("http.idleTimeoutMs", 60_000, 1_000, 3_600_000);
    public static final ConfigParameter<Integer> HTTP_HEADER_TIMEOUT_MS = ConfigParameter.integer("http.headerTimeoutMs", 10_000, 100, 600_000);
    public static final ConfigParameter<Integer> HTTP_MAX_CONNECTIONS = ConfigParameter.integer("http.maxConnections", 4096, 1, 1_000_000);
    public static final ConfigParameter<Integer> HTTP_DRAIN_DELAY_MS = ConfigParameter.integer("http.drainDelayMs", 1000, 0, 600_000);
    public static final ConfigParameter<Integer> HTTP_CLOSE_GRACE_MS = ConfigParameter.integer("http.closeGraceMs", 500, 0, 60_000);
    public static final ConfigParameter<String> HTTP_TLS_CERT_FILE = ConfigParameter.string("http.tls.certFile", null);
    public static final ConfigParameter<String> HTTP_TLS_KEY_FILE = ConfigParameter.string("http.tls.keyFile", null);
    public static final ConfigParameter<String> HTTP_TLS_CLIENT_CA_FILE = ConfigParameter.string("http.tls.clientCaFile", null);
    public static final ConfigParameter<String> HTTP_AUTH_TOKEN_FILE = ConfigParameter.string("http.auth.tokenFile", null);
    /** Default: the health endpoints. */
    public static final ConfigParameter<JsonArray> HTTP_AUTH_EXEMPT = ConfigParameter.list("http.auth.exempt");

    public static final ConfigParameter<DiscoveryConfig.Mode> DISCOVERY_MODE =
            ConfigParameter.choice("discovery.mode", DiscoveryConfig.Mode.class, DiscoveryConfig.Mode.KUBERNETES);
    public static final ConfigParameter<JsonArray> DISCOVERY_STATIC = ConfigParameter.list("discovery.static").reloadable();
    public static final ConfigParameter<String> KUBERNETES_NAMESPACE = ConfigParameter.string("discovery.kubernetes.namespace", null);
    public static final ConfigParameter<KubernetesDiscoveryConfig.Source> KUBERNETES_SOURCE = ConfigParameter.choice(
            "discovery.kubernetes.source", KubernetesDiscoveryConfig.Source.class, KubernetesDiscoveryConfig.Source.DEPLOYMENT);
    /** Required with source deployment. */
    public static final ConfigParameter<String> KUBERNETES_DEPLOYMENT = ConfigParameter.string("discovery.kubernetes.deployment", null);
    /** Required with source service. */
    public static final ConfigParameter<String> KUBERNETES_SERVICE = ConfigParameter.string("discovery.kubernetes.service", null);
    public static final ConfigParameter<String> KUBERNETES_PORT_NAME = ConfigParameter.string("discovery.kubernetes.portName", null);
    public static final ConfigParameter<Integer> KUBERNETES_WATCH_GRACE_MS =
            ConfigParameter.integer("discovery.kubernetes.watchGraceMs", 60_000, 0, 3_600_000);
    public static final ConfigParameter<Integer> KUBERNETES_WATCH_RESTART_MS =
            ConfigParameter.integer("discovery.kubernetes.watchRestartMs", 15_000, 1_000, 3_600_000);

    public static final ConfigParameter<Integer> CHECK_DEADLINE_MS = ConfigParameter.integer("check.deadlineMs", 2000, 1, 600_000).reloadable();
    /** Default: 10000, or check.deadlineMs when larger. */
    public static final ConfigParameter<Integer> CHECK_MAX_DEADLINE_MS = ConfigParameter.integer("check.maxDeadlineMs", null, 1, 600_000).reloadable();
    public static final ConfigParameter<Integer> CHECK_ATTEMPTS = ConfigParameter.integer("check.attempts", 3, 1, 1000).reloadable();
    public static final ConfigParameter<Integer> CHECK_RETRY_DELAY_MS = ConfigParameter.integer("check.retryDelayMs", 100, 0, 600_000).reloadable();
    public static final ConfigParameter<Double> BACKOFF_MULTIPLIER = ConfigParameter.decimal("check.backoff.multiplier", 1.0, 1.0, 100.0).reloadable();
    public static final ConfigParameter<Integer> BACKOFF_MAX_DELAY_MS = ConfigParameter.integer("check.backoff.maxDelayMs", 10_000, 1, 600_000).reloadable();
    public static final ConfigParameter<Double> BACKOFF_JITTER = ConfigParameter.decimal("check.backoff.jitter", 0.0, 0.0, 1.0).reloadable();
    public static final ConfigParameter<CheckConfig.Probe> CHECK_PROBE =
            ConfigParameter.choice("check.probe", CheckConfig.Probe.class, CheckConfig.Probe.TOKEN).reloadable();
    public static final ConfigParameter<Integer> KEYVAL_API_VERSION = ConfigParameter.integer("check.keyval.apiVersion", 9, 1, 100).reloadable();
    /** Required with check.probe keyval. */
    public static final ConfigParameter<String> KEYVAL_ZONE = ConfigParameter.string("check.keyval.zone", null).reloadable();
    /** Values that mark a key as revoked (a tombstone): such a key counts as not known. */
    public static final ConfigParameter<JsonArray> KEYVAL_REVOKED_VALUES = ConfigParameter.list("check.keyval.revokedValues").reloadable();
    public static final ConfigParameter<Boolean> KEYVAL_REPAIR_ENABLED = ConfigParameter.bool("check.keyval.repair.enabled", false).reloadable();
    public static final ConfigParameter<Integer> KEYVAL_REPAIR_AFTER_MS =
            ConfigParameter.integer("check.keyval.repair.afterMs", 50, 0, 600_000).reloadable();
    public static final ConfigParameter<String> KEYVAL_REPAIR_AUTHORIZATION_FILE =
            ConfigParameter.string("check.keyval.repair.authorizationFile", null).reloadable();
    public static final ConfigParameter<Boolean> ZONE_SYNC_ENABLED = ConfigParameter.bool("check.zoneSync.enabled", false);
    public static final ConfigParameter<Integer> ZONE_SYNC_INTERVAL_MS = ConfigParameter.integer("check.zoneSync.intervalMs", 5_000, 100, 3_600_000);
    public static final ConfigParameter<Integer> ZONE_SYNC_API_VERSION = ConfigParameter.integer("check.zoneSync.apiVersion", 9, 1, 100);
    public static final ConfigParameter<Integer> CHECK_MIN_PODS = ConfigParameter.integer("check.minPods", 2, 0, 10_000).reloadable();
    /** Default: 256 per core. */
    public static final ConfigParameter<Integer> CHECK_MAX_IN_FLIGHT = ConfigParameter.integer("check.maxInFlight", null, 1, 1_000_000);
    public static final ConfigParameter<PodProbeConfig.Scheme> POD_SCHEME =
            ConfigParameter.choice("check.pod.scheme", PodProbeConfig.Scheme.class, PodProbeConfig.Scheme.HTTP).reloadable();
    public static final ConfigParameter<Integer> POD_PORT = ConfigParameter.integer("check.pod.port", 8080, 1, 65535).reloadable();
    public static final ConfigParameter<String> POD_PATH = ConfigParameter.nonBlank("check.pod.path", "/").reloadable();
    public static final ConfigParameter<String> POD_TOKEN_HEADER = ConfigParameter.nonBlank("check.pod.tokenHeader", "Authorization").reloadable();
    public static final ConfigParameter<String> POD_TOKEN_PREFIX = ConfigParameter.string("check.pod.tokenPrefix", "Bearer ").reloadable();
    public static final ConfigParameter<Boolean> POD_TLS_TRUST_ALL = ConfigParameter.bool("check.pod.tlsTrustAll", false).reloadable();
    public static final ConfigParameter<Integer> POD_MAX_CONNECTIONS = ConfigParameter.integer("check.pod.maxConnections", 32, 1, 10_000).reloadable();
    public static final ConfigParameter<Integer> POD_CONNECTION_BUDGET = ConfigParameter.integer("check.pod.connectionBudget", 512, 1, 1_000_000).reloadable();
    public static final ConfigParameter<Integer> POD_MAX_WAIT_QUEUE = ConfigParameter.integer("check.pod.maxWaitQueue", 256, 0, 1_000_000).reloadable();
    public static final ConfigParameter<String> POD_TLS_CA_FILE = ConfigParameter.string("check.pod.tls.caFile", null).reloadable();
    public static final ConfigParameter<String> POD_TLS_CERT_FILE = ConfigParameter.string("check.pod.tls.certFile", null).reloadable();
    public static final ConfigParameter<String> POD_TLS_KEY_FILE = ConfigParameter.string("check.pod.tls.keyFile", null).reloadable();
    /** Debugging only: TLS 1.2 session keys of the pod connections, NSS key log format. */
    public static final ConfigParameter<String> POD_TLS_KEY_LOG_FILE = ConfigParameter.string("check.pod.tls.keyLogFile", null).reloadable();
    public static final ConfigParameter<Integer> POD_MAX_BODY_BYTES = ConfigParameter.integer("check.pod.maxBodyBytes", 65_536, 0, 64 * 1024 * 1024).reloadable();

    public static final ConfigParameter<Boolean> TRACING_ENABLED = ConfigParameter.bool("tracing.enabled", false);
    public static final ConfigParameter<String> TRACING_ENDPOINT = ConfigParameter.nonBlank("tracing.endpoint", "http://localhost:4318/v1/traces");
    public static final ConfigParameter<Double> TRACING_SAMPLING_RATIO = ConfigParameter.decimal("tracing.samplingRatio", 0.1, 0.0, 1.0);
    public static final ConfigParameter<Boolean> TRACING_OPERATIONAL = ConfigParameter.bool("tracing.operationalEndpoints", false);
    public static final ConfigParameter<LogConfig.Format> LOG_FORMAT =
            ConfigParameter.choice("log.format", LogConfig.Format.class, LogConfig.Format.TEXT);
    public static final ConfigParameter<VertxConfig.Transport> VERTX_TRANSPORT =
            ConfigParameter.choice("vertx.transport", VertxConfig.Transport.class, VertxConfig.Transport.AUTO);

    public static final ConfigParameter<Boolean> CLUSTER_ENABLED = ConfigParameter.bool("cluster.enabled", false);
    public static final ConfigParameter<String> CLUSTER_NAME = ConfigParameter.nonBlank("cluster.name", "syncer");
    public static final ConfigParameter<String> CLUSTER_HOST = ConfigParameter.nonBlank("cluster.host", "127.0.0.1");
    public static final ConfigParameter<Integer> CLUSTER_PORT = ConfigParameter.integer("cluster.port", 5701, 0, 65535);
    public static final ConfigParameter<Integer> CLUSTER_EVENT_BUS_PORT = ConfigParameter.integer("cluster.eventBusPort", 0, 0, 65535);
    public static final ConfigParameter<JsonArray> CLUSTER_MEMBERS = ConfigParameter.list("cluster.members");
    public static final ConfigParameter<String> CLUSTER_KUBERNETES_SERVICE = ConfigParameter.string("cluster.kubernetesService", null);
    public static final ConfigParameter<Integer> CLUSTER_HEARTBEAT_INTERVAL_SECONDS =
            ConfigParameter.integer("cluster.heartbeatIntervalSeconds", 1, 1, 60);
    public static final ConfigParameter<Integer> CLUSTER_MAX_NO_HEARTBEAT_SECONDS =
            ConfigParameter.integer("cluster.maxNoHeartbeatSeconds", 5, 2, 600);
    public static final ConfigParameter<Integer> CLUSTER_LEAVE_GRACE_MS = ConfigParameter.integer("cluster.leaveGraceMs", 1000, 0, 60_000);

    public static final ConfigParameter<Boolean> BRIDGE_ENABLED = ConfigParameter.bool("bridge.enabled", false);
    public static final ConfigParameter<String> BRIDGE_HOST = ConfigParameter.nonBlank("bridge.host", "127.0.0.1");
    public static final ConfigParameter<Integer> BRIDGE_PORT = ConfigParameter.integer("bridge.port", 7000, 0, 65535);

    /** Every key, in declaration order: each parameter registered itself as it was declared above (no list to keep by hand). */
    public static final List<ConfigParameter<?>> ALL = List.copyOf(ConfigParameter.DECLARED);

    private ConfigKeys() {
    }

    /** The names allowed directly inside the object at {@code path}: its keys and its sub-objects. */
    static Set<String> namesUnder(String path) {
        Set<String> names = new LinkedHashSet<>();
        String prefix = path.isEmpty() ? "" : path + ".";
        for (ConfigParameter<?> parameter : ALL) {
            if (parameter.key().startsWith(prefix)) {
                String rest = parameter.key().substring(prefix.length());
                int dot = rest.indexOf('.');
                names.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        return names;
    }
}
