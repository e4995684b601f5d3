package io.syncer.discovery;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.util.HashMap;

/** fabric8's mock API server in CRUD mode (it keeps objects, status and watches), with a client for it. */
final class MockKubernetes implements AutoCloseable {

    final KubernetesMockServer server;
    final NamespacedKubernetesClient client;

    MockKubernetes() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
    }

    @Override
    public void close() {
        client.close();
        destroyInBackground(server);
    }

    /**
     * Stops a mock API server without waiting for it: MockWebServer waits for a watch socket's scheduled events (up to
     * its 10 s close timeout) before it lets go; the test is over and the next one listens on a port of its own.
     */
    static void destroyInBackground(KubernetesMockServer server) {
        Thread destroy = new Thread(() -> {
            try {
                server.destroy();
            } catch (IllegalStateException slowShutdown) {
                // the close timeout ran out on a lingering watch socket: nothing is left to wait for
            }
        }, "mock-api-server-destroy");
        destroy.setDaemon(true);
        destroy.start();
    }
}
