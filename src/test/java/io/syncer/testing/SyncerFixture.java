package io.syncer.testing;

import io.syncer.Syncer;
import io.syncer.metrics.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A deployed syncer (static discovery) in front of real fake pods, with a web client pointed at it. */
public final class SyncerFixture {

    public final List<FakePod> pods = new ArrayList<>();
    public final Telemetry metrics;
    public final int port;
    public final WebClient client;
    /** The deployed syncer (undeploy it to test shutdown). */
    public Syncer syncer;

    private SyncerFixture(Vertx vertx, Telemetry metrics, int port) {
        this.metrics = metrics;
        this.port = port;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    /** Starts {@code podCount} fake pods and syncer; {@code tweak} may change the config JSON first. */
    public static SyncerFixture start(Vertx vertx, int podCount, Telemetry metrics, Consumer<JsonObject> tweak) throws Exception {
        return start(vertx, vertx, podCount, metrics, tweak);
    }

    /** As {@link #start(Vertx, int, Telemetry, Consumer)}, with the fake pods and the test's client on {@code outside}. */
    public static SyncerFixture start(Vertx vertx, Vertx outside, int podCount, Telemetry metrics, Consumer<JsonObject> tweak)
            throws Exception {
        List<FakePod> pods = new ArrayList<>();
        for (int i = 0; i < podCount; i++) {
            pods.add(await(FakePod.start(outside, "gw-" + (char) ('a' + i))));
        }
        JsonObject config = Configs.staticPods(pods, 0); // port 0: syncer picks a free port and reports it
        tweak.accept(config);
        Syncer syncer = await(Syncer.deploy(vertx, Configs.build(config), () -> {
            throw new IllegalStateException("static discovery");
        }, metrics));
        SyncerFixture fixture = new SyncerFixture(outside, metrics, syncer.httpPort());
        fixture.pods.addAll(pods);
        fixture.syncer = syncer;
        return fixture;
    }

    public static <T> T await(Future<T> future) throws Exception {
        return Await.result(future);
    }
}
