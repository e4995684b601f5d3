package io.syncer.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;

/** Whether this member has joined the cluster, and how many members it sees; for readiness and metrics. */
public final class ClusterStatus {

    private final ClusterManager clusterManager;

    private ClusterStatus(ClusterManager clusterManager) {
        this.clusterManager = clusterManager;
    }

    /** The status of a clustered Vertx, or null for a plain one. */
    public static ClusterStatus of(Vertx vertx) {
        return vertx.isClustered() ? new ClusterStatus(((VertxInternal) vertx).clusterManager()) : null;
    }

    public boolean joined() {
        return clusterManager.isActive() && clusterManager.getNodes().contains(clusterManager.getNodeId());
    }

    public int members() {
        return clusterManager.isActive() ? clusterManager.getNodes().size() : 0;
    }

    public ClusterManager clusterManager() {
        return clusterManager;
    }

    public JsonObject toJson() {
        return new JsonObject().put("joined", joined()).put("members", members()).put("nodeId", clusterManager.getNodeId());
    }
}
