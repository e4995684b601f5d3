package io.syncer.config;

import java.util.Set;

/**
 * The NGINX Plus API probe: {@code GET {scheme}://{address}/api/{apiVersion}/http/keyvals/{zone}?key=TOKEN}.
 *
 * @param apiVersion the NGINX Plus API version
 * @param zone the keyval zone the gateway stores tokens in (required with check.probe keyval)
 */
public record KeyvalConfig(int apiVersion, String zone) {

    static KeyvalConfig from(ConfigSection section, boolean required) {
        section.allowOnly(Set.of("apiVersion", "zone"));
        String zone = required ? section.nonBlank("zone", null) : section.string("zone", null);
        if (zone != null && !zone.matches("[A-Za-z0-9_.-]+")) {
            throw new ConfigException(section.key("zone"), "must be a keyval zone name (letters, digits, _ . -), got '" + zone + "'");
        }
        return new KeyvalConfig(section.integer("apiVersion", 9, 1, 100), zone);
    }
}
