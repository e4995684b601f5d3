package io.syncer.config;

/** A configuration value that is missing or wrong; the message names the key and the problem. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
    }
}
