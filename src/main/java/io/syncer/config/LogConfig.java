package io.syncer.config;

import java.util.Locale;
import java.util.Set;

/**
 * How syncer logs.
 *
 * @param format text (one readable line per event) or json (one JSON object per line)
 */
public record LogConfig(Format format) {

    /** The log line format. */
    public enum Format { TEXT, JSON }

    static LogConfig from(ConfigSection section) {
        section.allowOnly(Set.of("format"));
        String format = section.nonBlank("format", "text");
        try {
            return new LogConfig(Format.valueOf(format.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(section.key("format"), "must be text or json, got '" + format + "'");
        }
    }
}
