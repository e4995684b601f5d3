package io.syncer.config;

/**
 * The TCP event-bus bridge, for applications that do not join the cluster: 4-byte length-prefixed JSON frames,
 * permitting {@code syncer.check} in and {@code syncer.pods} out, nothing else.
 *
 * @param enabled start the bridge (default false)
 * @param host the interface it binds to
 * @param port its port
 */
public record BridgeConfig(boolean enabled, String host, int port) {

    static BridgeConfig from(ConfigSection section) {
        section.allowOnlyDeclared();
        return new BridgeConfig(ConfigKeys.BRIDGE_ENABLED.read(section), ConfigKeys.BRIDGE_HOST.read(section),
                ConfigKeys.BRIDGE_PORT.read(section));
    }
}
