package io.syncer.config;

import java.util.List;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One configuration key, declared once: its dotted name, its default, how it is read and checked, and (derived from
 * the name) the environment variable that overrides it. Every key syncer knows is a constant of {@link ConfigKeys}:
 * the file's allowed keys and the environment overrides both come from there. Modelled on Strimzi's ConfigParameter.
 *
 * @param <T> the value's type
 */
public final class ConfigParameter<T> {

    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

    /** Reads one value from a section, by its name in the section. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ConfigSection section, String name, T defaultValue);
    }

    private final String key;
    private final String parent;
    private final String name;
    private final T defaultValue;
    private final Reader<T> reader;
    private boolean list;
    private boolean reloadable;

    /** Every parameter in the order declared (all are constants of {@link ConfigKeys}, which reads this list). */
    static final List<ConfigParameter<?>> DECLARED = new java.util.ArrayList<>();

    ConfigParameter(String key, T defaultValue, Reader<T> reader) {
        DECLARED.add(this);
        this.key = key;
        int dot = key.lastIndexOf('.');
        this.parent = dot < 0 ? "" : key.substring(0, dot);
        this.name = key.substring(dot + 1);
        this.defaultValue = defaultValue;
        this.reader = reader;
    }

    /** Declares that a changed value applies to a running syncer (the config watcher); else it waits for a restart. */
    ConfigParameter<T> reloadable() {
        this.reloadable = true;
        return this;
    }

    /** Whether a changed value applies without a restart. */
    public boolean isReloadable() {
        return reloadable;
    }

    /** The dotted key, as in the file: {@code check.pod.tokenHeader}. */
    public String key() {
        return key;
    }

    /** The dotted key of the object it lives in ({@code check.pod}); empty at the top. */
    String parent() {
        return parent;
    }

    /** Its name inside that object ({@code tokenHeader}). */
    String name() {
        return name;
    }

    /** {@code SYNCER_} plus the dotted key in upper snake case: {@code SYNCER_CHECK_POD_TOKEN_HEADER}. */
    public String environmentVariable() {
        return variableName(key);
    }

    /** Reads it from {@code section}, the object named {@link #parent()}, with the declared default. */
    T read(ConfigSection section) {
        return read(section, defaultValue);
    }

    /** Reads it with a default computed from other keys. */
    T read(ConfigSection section, T computedDefault) {
        if (!section.path().equals(parent)) {
            throw new IllegalStateException(key + " read from section '" + section.path() + "'");
        }
        return reader.read(section, name, computedDefault);
    }

    static String variableName(String dottedKey) {
        return "SYNCER_" + CAMEL_HUMP.matcher(dottedKey.replace('.', '_')).replaceAll("$1_$2").toUpperCase(Locale.ROOT);
    }

    static ConfigParameter<Integer> integer(String key, Integer defaultValue, int min, int max) {
        return new ConfigParameter<>(key, defaultValue, (section, name, value) -> section.integer(name, value, min, max));
    }

    static ConfigParameter<Double> decimal(String key, double defaultValue, double min, double max) {
        return new ConfigParameter<>(key, defaultValue, (section, name, value) -> section.decimal(name, value, min, max));
    }

    static ConfigParameter<Boolean> bool(String key, boolean defaultValue) {
        return new ConfigParameter<>(key, defaultValue, ConfigSection::bool);
    }

    /** A string that may be absent (null) or blank. */
    static ConfigParameter<String> string(String key, String defaultValue) {
        return new ConfigParameter<>(key, defaultValue, ConfigSection::string);
    }

    /** A string that must be given (or defaulted) and not blank. */
    static ConfigParameter<String> nonBlank(String key, String defaultValue) {
        return new ConfigParameter<>(key, defaultValue, ConfigSection::nonBlank);
    }

    /** One of an enum's constants, written in lower case. */
    static <E extends Enum<E>> ConfigParameter<E> choice(String key, Class<E> type, E defaultValue) {
        return new ConfigParameter<>(key, defaultValue, (section, name, value) -> section.choice(name, type, value));
    }

    /** A list, read raw; its items are checked by its owner. */
    static ConfigParameter<io.vertx.core.json.JsonArray> list(String key) {
        ConfigParameter<io.vertx.core.json.JsonArray> parameter = new ConfigParameter<>(key, null, (section, name, value) -> section.array(name));
        parameter.list = true;
        return parameter;
    }

    /** Whether the value is a list (its environment variable takes a comma-separated or JSON list). */
    public boolean isList() {
        return list;
    }

    @Override
    public String toString() {
        return key;
    }
}
