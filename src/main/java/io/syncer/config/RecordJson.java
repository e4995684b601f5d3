package io.syncer.config;

import io.syncer.model.Pod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;

/**
 * Writes a configuration record tree back to JSON in the file's shape, so that the effective configuration (logged at
 * start) is itself a valid config file: component names are the keys, a {@link ConfigGroup}'s go into its holder's
 * section.
 */
final class RecordJson {

    private RecordJson() {
    }

    static JsonObject toJson(Record record) {
        JsonObject json = new JsonObject();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            String key = component.getName().equals("staticPods") ? "static" : component.getName();
            Object value = read(record, component);
            if (value instanceof ConfigGroup && value instanceof Record group) {
                json.mergeIn(toJson(group)); // its keys live in this section
            } else {
                json.put(key, value(value));
            }
        }
        // the two keys whose record component is named or placed otherwise than in the file
        if (record instanceof HttpConfig) {
            JsonObject tls = json.getJsonObject("tls");
            tls.put("clientCaFile", tls.remove("caFile"));
        }
        if (record instanceof PodProbeConfig) {
            json.getJsonObject("tls").put("keyLogFile", json.remove("tlsKeyLogFile"));
        }
        return json;
    }

    private static Object value(Object value) {
        if (value instanceof Pod pod) {
            return pod.toJson();
        }
        if (value instanceof Record record) {
            return toJson(record);
        }
        if (value instanceof Enum<?> constant) {
            return constant.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof List<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(item -> array.add(value(item)));
            return array;
        }
        return value;
    }

    private static Object read(Record record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }
}
