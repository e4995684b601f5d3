package io.syncer.config;

/**
 * OpenTelemetry traces, exported over OTLP/HTTP: one span per check, a child span per pod request, continuing the
 * gateway's W3C {@code traceparent}.
 *
 * @param enabled off by default
 * @param endpoint the OTLP/HTTP traces endpoint of a collector
 * @param samplingRatio the share of new traces kept (a sampled parent from the gateway is always followed)
 * @param operationalEndpoints trace the health endpoints, /metrics, the status page and the document too (off: they are
 *                             polled every few seconds and would drown the checks)
 */
public record TracingConfig(boolean enabled, String endpoint, double samplingRatio, boolean operationalEndpoints) {

    static TracingConfig from(ConfigSection section) {
        section.allowOnlyDeclared();
        String endpoint = ConfigKeys.TRACING_ENDPOINT.read(section);
        if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
            throw new ConfigException(ConfigKeys.TRACING_ENDPOINT.key(), "must be an http:// or https:// URL, got '" + endpoint + "'");
        }
        return new TracingConfig(ConfigKeys.TRACING_ENABLED.read(section), endpoint, ConfigKeys.TRACING_SAMPLING_RATIO.read(section),
                ConfigKeys.TRACING_OPERATIONAL.read(section));
    }
}
