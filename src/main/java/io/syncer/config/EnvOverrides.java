package io.syncer.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Environment variables that override config-file values. Each key maps to {@code SYNCER_} plus its dotted path
 * in upper snake case: {@code check.deadlineMs} is {@code SYNCER_CHECK_DEADLINE_MS},
 * {@code check.pod.tokenHeader} is {@code SYNCER_CHECK_POD_TOKEN_HEADER}.
 * {@code SYNCER_DISCOVERY_STATIC} takes a JSON list or {@code name=host:port,name=host:port}.
 */
public final class EnvOverrides {

    /** Every key that can be overridden from the environment. */
    public static final List<String> KEYS = List.of(
            "http.host", "http.port", "http.tokenHeader", "http.originHeader", "http.instances",
            "discovery.mode", "discovery.static",
            "discovery.kubernetes.namespace", "discovery.kubernetes.source", "discovery.kubernetes.deployment",
            "discovery.kubernetes.service", "discovery.kubernetes.portName", "discovery.kubernetes.watchGraceMs",
            "discovery.kubernetes.watchRestartMs",
            "check.deadlineMs", "check.maxDeadlineMs", "check.attempts", "check.retryDelayMs", "check.minPods",
            "check.backoff.multiplier", "check.backoff.maxDelayMs", "check.backoff.jitter",
            "check.probe", "check.keyval.apiVersion", "check.keyval.zone",
            "check.pod.scheme", "check.pod.port", "check.pod.path", "check.pod.tokenHeader", "check.pod.tokenPrefix",
            "check.pod.tlsTrustAll", "check.pod.maxConnections",
            "log.format");

    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

    private EnvOverrides() {
    }

    /** The environment variable that overrides {@code dottedKey}. */
    public static String variableName(String dottedKey) {
        Matcher matcher = CAMEL_HUMP.matcher(dottedKey.replace('.', '_'));
        return "SYNCER_" + matcher.replaceAll("$1_$2").toUpperCase(java.util.Locale.ROOT);
    }

    /** A copy of {@code config} with every override found in {@code env} applied. */
    public static JsonObject apply(JsonObject config, Map<String, String> env) {
        JsonObject result = config.copy();
        for (String key : KEYS) {
            String value = env.get(variableName(key));
            if (value != null) {
                put(result, key, key.equals("discovery.static") ? staticPods(value) : value);
            }
        }
        return result;
    }

    private static void put(JsonObject root, String dottedKey, Object value) {
        String[] parts = dottedKey.split("\\.");
        JsonObject node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.getValue(parts[i]);
            if (!(child instanceof JsonObject)) {
                child = new JsonObject();
                node.put(parts[i], child);
            }
            node = (JsonObject) child;
        }
        node.put(parts[parts.length - 1], value);
    }

    private static JsonArray staticPods(String value) {
        String trimmed = value.trim();
        if (trimmed.startsWith("[")) {
            try {
                return new JsonArray(trimmed);
            } catch (DecodeException e) {
                throw new ConfigException("discovery.static", variableName("discovery.static") + " is not valid JSON: " + e.getMessage());
            }
        }
        JsonArray pods = new JsonArray();
        for (String item : trimmed.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            pods.add(equals < 0
                    ? new JsonObject().put("address", entry)
                    : new JsonObject().put("name", entry.substring(0, equals).trim()).put("address", entry.substring(equals + 1).trim()));
        }
        return pods;
    }
}
