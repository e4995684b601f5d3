package io.syncer.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.syncer.config.ClusterConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The Hazelcast cluster manager syncer runs with: Vert.x's default maps, the configured cluster name, members listed
 * one by one (or found by DNS through a headless Service), multicast, auto-detection and phone-home off, bound to one
 * interface, and heartbeats tight enough that a hung member is dropped within seconds.
 */
public final class HazelcastClusters {

    private HazelcastClusters() {
    }

    /**
     * Where this member's Hazelcast listens ({@code host:port}, the port it got when cluster.port is 0), or null when the
     * Vertx is not clustered by Hazelcast.
     */
    public static String memberAddress(io.vertx.core.Vertx vertx) {
        if (!vertx.isClustered() || !(((io.vertx.core.internal.VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager hz)) {
            return null;
        }
        com.hazelcast.cluster.Address address = hz.getHazelcastInstance().getCluster().getLocalMember().getAddress();
        return address.getHost() + ":" + address.getPort();
    }

    /** A cluster manager for {@code config}; resolving {@code cluster.host} may block (call it off the event loops). */
    public static HazelcastClusterManager manager(ClusterConfig config) {
        Config hazelcast = ConfigUtil.loadConfig();
        hazelcast.setClusterName(config.name());
        hazelcast.setProperty("hazelcast.logging.type", "slf4j");
        hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
        hazelcast.setProperty("hazelcast.socket.bind.any", "false");
        hazelcast.setProperty("hazelcast.wait.seconds.before.join", "0");
        hazelcast.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(config.heartbeat().heartbeatIntervalSeconds()));
        hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(config.heartbeat().maxNoHeartbeatSeconds()));
        // after a member dies, operations on the partitions it owned retry until they move: retry soon, so that its
        // subscriptions are cleaned (and nobody routes to it) within a second rather than several
        hazelcast.setProperty("hazelcast.invocation.retry.pause.millis", "50");
        NetworkConfig network = hazelcast.getNetworkConfig();
        network.setPort(config.port()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).clear().addInterface(address(config.host()));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (config.kubernetesService() != null) {
            join.getTcpIpConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-dns", config.kubernetesService())
                    .setProperty("service-port", String.valueOf(config.port()));
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(config.members());
        }
        return new HazelcastClusterManager(hazelcast);
    }

    /** The clustered event bus: bound to the same interface, on its own port, reachable at that address. */
    public static EventBusOptions eventBus(ClusterConfig config) {
        String address = address(config.host());
        return new EventBusOptions().setHost(address).setPort(config.eventBusPort()).setClusterPublicHost(address);
    }

    private static String address(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cluster.host: cannot resolve '" + host + "'", e);
        }
    }
}
