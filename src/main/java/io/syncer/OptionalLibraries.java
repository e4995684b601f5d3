package io.syncer;

import io.syncer.config.SyncerConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Hazelcast (with vertx-hazelcast), the TCP event-bus bridge and the OpenTelemetry SDK with its OTLP exporter are optional
 * dependencies of {@code io.syncer:syncer}: an embedding host brings them only for the features it turns on (the shaded
 * service jar has them all). A config that asks for a feature whose library is missing is refused with one line naming
 * the key and the artifact.
 */
final class OptionalLibraries {

    private OptionalLibraries() {
    }

    /** What {@code config} asks for that the classpath cannot give, one line each (empty when nothing is missing). */
    static List<String> missing(SyncerConfig config, boolean standalone) {
        List<String> missing = new ArrayList<>();
        if (config.bridge().enabled()) {
            require(missing, "bridge.enabled", "io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge", "io.vertx:vertx-tcp-eventbus-bridge");
        }
        if (standalone && config.cluster().enabled()) {
            require(missing, "cluster.enabled", "io.vertx.spi.cluster.hazelcast.HazelcastClusterManager", "io.vertx:vertx-hazelcast");
        }
        if (standalone && config.tracing().enabled()) {
            require(missing, "tracing.enabled", "io.opentelemetry.sdk.OpenTelemetrySdk", "io.opentelemetry:opentelemetry-sdk");
            require(missing, "tracing.enabled", "io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter",
                    "io.opentelemetry:opentelemetry-exporter-otlp");
            require(missing, "tracing.enabled", "io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory", "io.vertx:vertx-opentelemetry");
        }
        return missing;
    }

    private static void require(List<String> missing, String key, String className, String artifact) {
        try {
            Class.forName(className, false, OptionalLibraries.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            missing.add(key + " needs " + artifact + " on the classpath (an optional dependency of io.syncer:syncer)");
        }
    }
}
