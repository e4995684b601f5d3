package io.syncer.config;

import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Syncer replicas and other Vert.x applications on one clustered event bus (Hazelcast). Members are found by the
 * listed addresses or, in Kubernetes, by DNS through a headless Service; multicast and auto-detection stay off.
 *
 * @param enabled build a clustered Vertx (default false: a plain one)
 * @param name the cluster's name: members of other clusters are refused
 * @param host the interface Hazelcast and the event bus bind to, and the address other members reach this one at
 * @param port Hazelcast's port
 * @param eventBusPort the clustered event bus's TCP port; 0 (the default) picks a free one, so two members on one host
 *                     need only different {@code port}s
 * @param members the other members' {@code host:port} (Hazelcast ports), each listed: no ranges
 * @param kubernetesService the DNS name of a headless Service whose addresses are the members (instead of members)
 * @param heartbeat how members tell each other they are alive
 * @param leaveGraceMs on SIGTERM: how long this member keeps answering the requests already routed to it after it
 *                     has withdrawn from {@code syncer.check}, before it leaves
 */
public record ClusterConfig(boolean enabled, String name, String host, int port, int eventBusPort, List<String> members,
                            String kubernetesService, Heartbeat heartbeat, int leaveGraceMs) {

    /**
     * How members tell each other they are alive (keys of {@code cluster.*}).
     *
     * @param heartbeatIntervalSeconds how often members tell each other they are alive
     * @param maxNoHeartbeatSeconds a member silent this long is dropped (Hazelcast's default is 60)
     */
    public record Heartbeat(int heartbeatIntervalSeconds, int maxNoHeartbeatSeconds) implements ConfigGroup {
    }

    public ClusterConfig {
        members = List.copyOf(members);
    }

    static ClusterConfig from(ConfigSection section) {
        section.allowOnlyDeclared();
        boolean enabled = ConfigKeys.CLUSTER_ENABLED.read(section);
        List<String> members = members(ConfigKeys.CLUSTER_MEMBERS.read(section));
        String service = ConfigKeys.CLUSTER_KUBERNETES_SERVICE.read(section);
        if (service != null && service.isBlank()) {
            service = null;
        }
        if (service != null && ConfigKeys.CLUSTER_PORT.read(section) == 0) {
            throw new ConfigException(ConfigKeys.CLUSTER_PORT.key(), "must be a fixed port with cluster.kubernetesService (the Service names it)");
        }
        if (service != null && !members.isEmpty()) {
            throw new ConfigException(ConfigKeys.CLUSTER_MEMBERS.key(), "give either cluster.members or cluster.kubernetesService, not both");
        }
        int heartbeat = ConfigKeys.CLUSTER_HEARTBEAT_INTERVAL_SECONDS.read(section);
        int maxNoHeartbeat = ConfigKeys.CLUSTER_MAX_NO_HEARTBEAT_SECONDS.read(section);
        if (maxNoHeartbeat <= heartbeat) {
            throw new ConfigException(ConfigKeys.CLUSTER_MAX_NO_HEARTBEAT_SECONDS.key(),
                    "must be more than cluster.heartbeatIntervalSeconds (" + heartbeat + "), got " + maxNoHeartbeat);
        }
        return new ClusterConfig(enabled, ConfigKeys.CLUSTER_NAME.read(section), ConfigKeys.CLUSTER_HOST.read(section),
                ConfigKeys.CLUSTER_PORT.read(section), ConfigKeys.CLUSTER_EVENT_BUS_PORT.read(section), members, service,
                new Heartbeat(heartbeat, maxNoHeartbeat), ConfigKeys.CLUSTER_LEAVE_GRACE_MS.read(section));
    }

    private static List<String> members(JsonArray array) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String key = ConfigKeys.CLUSTER_MEMBERS.key() + "[" + i + "]";
            Object item = array.getValue(i);
            if (!(item instanceof String text) || !text.trim().matches("[A-Za-z0-9_.\\-\\[\\]:]+:\\d{1,5}")) {
                throw new ConfigException(key, "must be host:port (one member each, no ranges), got " + ConfigSection.describe(item));
            }
            int port = Integer.parseInt(text.trim().substring(text.trim().lastIndexOf(':') + 1));
            if (port < 1 || port > 65535) {
                throw new ConfigException(key, "port must be between 1 and 65535, got " + port);
            }
            members.add(text.trim());
        }
        return members;
    }
}
