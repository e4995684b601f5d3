package io.syncer.config;

/**
 * Read repair for the keyval probe: a pod still without the key {@code afterMs} after a check began is written the
 * value the origin pod answered with (or the one the caller expects), and a pod still holding a revoked key is written
 * the tombstone, through the NGINX Plus API ({@code api write=on}).
 *
 * @param enabled whether syncer writes at all (per check, {@code repair=false} turns it off)
 * @param afterMs how long after a check's start a pod is left to zone_sync before it is written
 * @param authorizationFile a file whose content is the {@code Authorization} header value for the API's write location
 *                          (re-read when it changes, never logged), or null for none
 */
public record KeyvalRepairConfig(boolean enabled, int afterMs, String authorizationFile) {

    static KeyvalRepairConfig from(ConfigSection section) {
        section.allowOnlyDeclared();
        String file = ConfigKeys.KEYVAL_REPAIR_AUTHORIZATION_FILE.read(section);
        return new KeyvalRepairConfig(ConfigKeys.KEYVAL_REPAIR_ENABLED.read(section), ConfigKeys.KEYVAL_REPAIR_AFTER_MS.read(section),
                file == null || file.isBlank() ? null : file);
    }
}
