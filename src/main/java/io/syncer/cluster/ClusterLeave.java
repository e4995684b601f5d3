package io.syncer.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.RegistrationInfo;

import java.util.List;

/**
 * Leaving a cluster without failing anybody's request: first this member's subscriptions to a public address are
 * withdrawn from the cluster's registry, so that other members stop routing requests here, while the local handlers
 * stay and answer what is already on its way; only after a grace period does the member unregister and close.
 * (Unregistering a consumer outright would remove the local handler first: a request routed here meanwhile would
 * find no handler and time out at its sender.)
 */
public final class ClusterLeave {

    private ClusterLeave() {
    }

    /** Removes this member's registrations of {@code address} from the cluster; the local handlers keep running. */
    public static Future<Integer> withdraw(ClusterManager clusterManager, String address) {
        Promise<List<RegistrationInfo>> registrations = Promise.promise();
        clusterManager.getRegistrations(address, registrations);
        String self = clusterManager.getNodeId();
        return registrations.future().compose(all -> {
            List<RegistrationInfo> own = all.stream().filter(info -> self.equals(info.nodeId()) && !info.localOnly()).toList();
            List<Future<Void>> removed = own.stream().map(info -> {
                Promise<Void> done = Promise.promise();
                clusterManager.removeRegistration(address, info, done);
                return done.future();
            }).toList();
            return Future.all(removed).map(own.size());
        });
    }
}
