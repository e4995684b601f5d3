package io.syncer.config;

import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * The whole, validated configuration: built once at start-up from the config file and the environment.
 *
 * @param http the gateway-facing HTTP server
 * @param discovery how the pods are found
 * @param check how a check runs
 */
public record SyncerConfig(HttpConfig http, DiscoveryConfig discovery, CheckConfig check) {

    /**
     * Validates a configuration tree, filling in defaults.
     *
     * @throws ConfigException naming the first key that is wrong and why
     */
    public static SyncerConfig fromJson(JsonObject json) {
        ConfigSection root = new ConfigSection(json, "").allowOnly(Set.of("http", "discovery", "check"));
        return new SyncerConfig(
                HttpConfig.from(root.section("http")),
                DiscoveryConfig.from(root.section("discovery")),
                CheckConfig.from(root.section("check")));
    }
}
