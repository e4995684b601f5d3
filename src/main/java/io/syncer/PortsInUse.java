package io.syncer;

import io.syncer.config.SyncerConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Before start-up binds anything: is a port syncer is configured to listen on already taken? Then start-up fails with
 * one line naming the key ("cluster.eventBusPort: 127.0.0.1:5711 is in use"), instead of a member that has joined the
 * cluster and then dies with "Address already in use". Port 0 (pick a free one) is never checked.
 */
final class PortsInUse {

    private PortsInUse() {
    }

    /** The first configured port another process holds, as a message naming its key; null when all are free. */
    static String first(SyncerConfig config) {
        Map<String, InetSocketAddress> ports = new LinkedHashMap<>();
        if (config.http().enabled()) {
            ports.put("http.port", new InetSocketAddress(config.http().host(), config.http().port()));
        }
        if (config.cluster().enabled()) {
            ports.put("cluster.port", new InetSocketAddress(config.cluster().host(), config.cluster().port()));
            ports.put("cluster.eventBusPort", new InetSocketAddress(config.cluster().host(), config.cluster().eventBusPort()));
        }
        if (config.bridge().enabled()) {
            ports.put("bridge.port", new InetSocketAddress(config.bridge().host(), config.bridge().port()));
        }
        for (Map.Entry<String, InetSocketAddress> entry : ports.entrySet()) {
            InetSocketAddress address = entry.getValue();
            if (address.getPort() != 0 && !address.isUnresolved() && !free(address)) {
                return entry.getKey() + ": " + hostOf(address.getAddress()) + ":" + address.getPort() + " is in use by another process"
                        + (entry.getKey().equals("cluster.port") ? " (choose another port)" : " (choose another port, or 0 for any free one)");
            }
        }
        return null;
    }

    private static boolean free(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static String hostOf(InetAddress address) {
        return address.getHostAddress();
    }
}
