package io.syncer.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Environment variables that override config-file values: one for every key of {@link ConfigKeys}, named
 * {@code SYNCER_} plus its dotted path
 * in upper snake case: {@code check.deadlineMs} is {@code SYNCER_CHECK_DEADLINE_MS},
 * {@code check.pod.tokenHeader} is {@code SYNCER_CHECK_POD_TOKEN_HEADER}.
 * {@code SYNCER_DISCOVERY_STATIC} takes a JSON list or {@code name=host:port,name=host:port}.
 */
public final class EnvOverrides {

    private EnvOverrides() {
    }

    /** The environment variable that overrides {@code dottedKey}. */
    public static String variableName(String dottedKey) {
        return ConfigParameter.variableName(dottedKey);
    }

    /** A copy of {@code config} with every override found in {@code env} applied. */
    public static JsonObject apply(JsonObject config, Map<String, String> env) {
        JsonObject result = config.copy();
        for (ConfigParameter<?> parameter : ConfigKeys.ALL) {
            String key = parameter.key();
            String value = env.get(parameter.environmentVariable());
            if (value != null) {
                put(result, key, key.equals(ConfigKeys.DISCOVERY_STATIC.key()) ? staticPods(value)
                        : parameter.isList() ? list(value) : value);
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

    /** A comma-separated list, or a JSON list. */
    private static JsonArray list(String value) {
        String trimmed = value.trim();
        if (trimmed.startsWith("[")) {
            return new JsonArray(trimmed);
        }
        JsonArray items = new JsonArray();
        for (String item : trimmed.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
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
