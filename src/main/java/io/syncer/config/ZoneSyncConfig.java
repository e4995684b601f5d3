package io.syncer.config;

/**
 * Background polling of each pod's NGINX Plus zone_sync status ({@code GET /api/{apiVersion}/stream/zone_sync}), never
 * on a check's path: a pod that sees fewer than (pods - 1) nodes online is isolated, and a check stops waiting for it.
 *
 * @param enabled whether to poll (off by default: it needs the NGINX Plus API on the pods' probe port)
 * @param intervalMs how often each pod is polled
 * @param apiVersion the NGINX Plus API version
 */
public record ZoneSyncConfig(boolean enabled, int intervalMs, int apiVersion) {

    static ZoneSyncConfig from(ConfigSection section) {
        section.allowOnlyDeclared();
        return new ZoneSyncConfig(ConfigKeys.ZONE_SYNC_ENABLED.read(section), ConfigKeys.ZONE_SYNC_INTERVAL_MS.read(section),
                ConfigKeys.ZONE_SYNC_API_VERSION.read(section));
    }
}
