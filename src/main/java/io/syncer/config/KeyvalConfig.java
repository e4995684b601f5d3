package io.syncer.config;

/**
 * The NGINX Plus API probe: {@code GET {scheme}://{address}/api/{apiVersion}/http/keyvals/{zone}?key=TOKEN}.
 *
 * @param apiVersion the NGINX Plus API version
 * @param zone the keyval zone the gateway stores tokens in (required with check.probe keyval)
 * @param revokedValues values that mark a key as revoked (a tombstone): a key holding one counts as not known. NGINX
 *                      Plus syncs a value update to every node but removes a deleted key on the other nodes only when
 *                      it times out, so a gateway that revokes by updating the value can be told when it is done
 * @param repair read repair: writing the key to a pod that lags (check.keyval.repair.*)
 */
public record KeyvalConfig(int apiVersion, String zone, java.util.List<String> revokedValues, KeyvalRepairConfig repair) {

    public KeyvalConfig {
        revokedValues = java.util.List.copyOf(revokedValues);
    }

    static KeyvalConfig from(ConfigSection section, boolean required) {
        section.allowOnlyDeclared();
        String zone = ConfigKeys.KEYVAL_ZONE.read(section);
        if (required && (zone == null || zone.isBlank())) {
            throw new ConfigException(ConfigKeys.KEYVAL_ZONE.key(), "is required and must not be blank");
        }
        if (zone != null && !zone.matches("[A-Za-z0-9_.-]+")) {
            throw new ConfigException(ConfigKeys.KEYVAL_ZONE.key(), "must be a keyval zone name (letters, digits, _ . -), got '" + zone + "'");
        }
        io.vertx.core.json.JsonArray raw = ConfigKeys.KEYVAL_REVOKED_VALUES.read(section);
        java.util.List<String> revoked = new java.util.ArrayList<>();
        for (int i = 0; raw != null && i < raw.size(); i++) {
            if (!(raw.getValue(i) instanceof String value) || value.isEmpty()) {
                throw new ConfigException(ConfigKeys.KEYVAL_REVOKED_VALUES.key() + "[" + i + "]", "must be a non-empty string");
            }
            revoked.add(value);
        }
        KeyvalRepairConfig repair = KeyvalRepairConfig.from(section.section("repair"));
        return new KeyvalConfig(ConfigKeys.KEYVAL_API_VERSION.read(section), zone, revoked, repair);
    }
}
