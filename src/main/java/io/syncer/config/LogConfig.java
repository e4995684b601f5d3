package io.syncer.config;

/**
 * How syncer logs.
 *
 * @param format text (one readable line per event) or json (one JSON object per line)
 */
public record LogConfig(Format format) {

    /** The log line format. */
    public enum Format { TEXT, JSON }

    static LogConfig from(ConfigSection section) {
        section.allowOnlyDeclared();
        return new LogConfig(ConfigKeys.LOG_FORMAT.read(section));
    }
}
