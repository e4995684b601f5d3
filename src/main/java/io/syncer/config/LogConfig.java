package io.syncer.config;

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
        return new LogConfig(section.choice("format", Format.class, Format.TEXT));
    }
}
