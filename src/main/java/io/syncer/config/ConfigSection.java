package io.syncer.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Typed, validated reads from one object of the configuration tree. Every error names the full dotted key.
 * Numbers and booleans may also be given as strings, as environment variables always are.
 */
final class ConfigSection {

    private final JsonObject json;
    private final String prefix;

    ConfigSection(JsonObject json, String prefix) {
        this.json = json == null ? new JsonObject() : json;
        this.prefix = prefix;
    }

    /** The dotted key of this object; empty at the top. */
    String path() {
        return prefix;
    }

    /** Whether {@code name} is given in this object. */
    boolean has(String name) {
        return json.containsKey(name);
    }

    String key(String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    ConfigSection section(String name) {
        Object value = json.getValue(name);
        if (value != null && !(value instanceof JsonObject)) {
            throw new ConfigException(key(name), "must be an object, got " + describe(value));
        }
        return new ConfigSection((JsonObject) value, key(name));
    }

    /** Fails on any key {@link ConfigKeys} does not declare here, so that a typo does not silently fall back to a default. */
    ConfigSection allowOnlyDeclared() {
        return allowOnly(ConfigKeys.namesUnder(prefix));
    }

    /** Fails on any key not in {@code known}, so that a typo does not silently fall back to a default. */
    ConfigSection allowOnly(Set<String> known) {
        for (String name : json.fieldNames()) {
            if (!known.contains(name)) {
                throw new ConfigException(key(name), "unknown key (known here: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        return this;
    }

    String string(String name, String defaultValue) {
        Object value = json.getValue(name);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof String)) {
            throw new ConfigException(key(name), "must be a string, got " + describe(value));
        }
        return (String) value;
    }

    String nonBlank(String name, String defaultValue) {
        String value = string(name, defaultValue);
        if (value == null || value.isBlank()) {
            throw new ConfigException(key(name), "is required and must not be blank");
        }
        return value;
    }

    /** One of {@code type}'s constants, written in lower case in the file. */
    <E extends Enum<E>> E choice(String name, Class<E> type, E defaultValue) {
        String value = nonBlank(name, defaultValue.name().toLowerCase(Locale.ROOT));
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" or "));
        throw new ConfigException(key(name), "must be " + allowed + ", got '" + value + "'");
    }

    Integer integer(String name, Integer defaultValue, int min, int max) {
        Object value = json.getValue(name);
        if (value == null) {
            return defaultValue;
        }
        long number;
        if (value instanceof Number && !(value instanceof Double || value instanceof Float)) {
            number = ((Number) value).longValue();
        } else if (value instanceof String && ((String) value).trim().matches("-?\\d{1,12}")) {
            number = Long.parseLong(((String) value).trim());
        } else {
            throw new ConfigException(key(name), "must be a whole number, got " + describe(value));
        }
        if (number < min || number > max) {
            throw new ConfigException(key(name), "must be between " + min + " and " + max + ", got " + number);
        }
        return Math.toIntExact(number);
    }

    double decimal(String name, double defaultValue, double min, double max) {
        Object value = json.getValue(name);
        if (value == null) {
            return defaultValue;
        }
        double number;
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else if (value instanceof String text && text.trim().matches("-?\\d{1,9}(\\.\\d{1,9})?")) {
            number = Double.parseDouble(text.trim());
        } else {
            throw new ConfigException(key(name), "must be a number, got " + describe(value));
        }
        if (number < min || number > max) {
            throw new ConfigException(key(name), "must be between " + min + " and " + max + ", got " + number);
        }
        return number;
    }

    boolean bool(String name, boolean defaultValue) {
        Object value = json.getValue(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw new ConfigException(key(name), "must be true or false, got " + describe(value));
    }

    JsonArray array(String name) {
        Object value = json.getValue(name);
        if (value == null) {
            return new JsonArray();
        }
        if (!(value instanceof JsonArray)) {
            throw new ConfigException(key(name), "must be a list, got " + describe(value));
        }
        return (JsonArray) value;
    }

    static String describe(Object value) {
        if (value instanceof String) {
            return "'" + value + "'";
        }
        if (value instanceof JsonObject) {
            return "an object";
        }
        if (value instanceof JsonArray) {
            return "a list";
        }
        return String.valueOf(value);
    }
}
