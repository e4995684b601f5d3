package io.syncer.testing;

import io.syncer.config.SyncerConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Builds test configurations in their JSON form, so that they pass the same validation as a real file. */
public final class Configs {

    private Configs() {
    }

    /** Static discovery of {@code pods}, one HTTP instance on {@code port}, fast retries. */
    public static JsonObject staticPods(List<FakePod> pods, int port) {
        JsonArray list = new JsonArray();
        pods.forEach(pod -> list.add(new JsonObject().put("name", pod.name()).put("address", pod.pod().address())));
        return new JsonObject()
                .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port).put("instances", 1))
                .put("discovery", new JsonObject().put("mode", "static").put("static", list))
                .put("check", new JsonObject().put("deadlineMs", 1000).put("attempts", 3).put("retryDelayMs", 20));
    }

    public static SyncerConfig build(JsonObject json) {
        return SyncerConfig.fromJson(json);
    }
}
