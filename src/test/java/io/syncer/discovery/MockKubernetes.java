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
        try {
            server.destroy();
        } catch (IllegalStateException slowShutdown) {
            // MockWebServer sometimes waits out its 10 s close timeout on a lingering watch socket; the test is over
        }
    }
}
