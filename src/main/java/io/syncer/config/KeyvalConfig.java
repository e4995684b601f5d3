package io.syncer.config;

/**
 * The NGINX Plus API probe: {@code GET {scheme}://{address}/api/{apiVersion}/http/keyvals/{zone}?key=TOKEN}.
 *
 * @param apiVersion the NGINX Plus API version
 * @param zone the keyval zone the gateway stores tokens in (required with check.probe keyval)
 */
public record KeyvalConfig(int apiVersion, String zone) {

    static KeyvalConfig from(ConfigSection section, boolean required) {
        section.allowOnlyDeclared();
        String zone = ConfigKeys.KEYVAL_ZONE.read(section);
        if (required && (zone == null || zone.isBlank())) {
            throw new ConfigException(section.key("zone"), "is required and must not be blank");
        }
        if (zone != null && !zone.matches("[A-Za-z0-9_.-]+")) {
            throw new ConfigException(section.key("zone"), "must be a keyval zone name (letters, digits, _ . -), got '" + zone + "'");
        }
        return new KeyvalConfig(ConfigKeys.KEYVAL_API_VERSION.read(section), zone);
    }
}
