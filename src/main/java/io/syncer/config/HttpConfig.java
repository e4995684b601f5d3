package io.syncer.config;

/**
 * The HTTP server syncer offers to the gateway.
 *
 * @param enabled serve HTTP at all (false: a host application that embeds syncer uses only the event-bus API)
 * @param host the interface to bind
 * @param port the port to bind (0 picks a free one, for tests)
 * @param tokenHeader the request header carrying the token to check
 * @param originHeader the optional request header naming the pod the token was written to
 * @param instances how many HttpVerticle instances (event loops) serve requests
 */
public record HttpConfig(boolean enabled, String host, int port, String tokenHeader, String originHeader, int instances) {

    static HttpConfig from(ConfigSection section) {
        section.allowOnlyDeclared();
        return new HttpConfig(
                ConfigKeys.HTTP_ENABLED.read(section),
                ConfigKeys.HTTP_HOST.read(section),
                ConfigKeys.HTTP_PORT.read(section),
                ConfigKeys.HTTP_TOKEN_HEADER.read(section),
                ConfigKeys.HTTP_ORIGIN_HEADER.read(section),
                ConfigKeys.HTTP_INSTANCES.read(section, Runtime.getRuntime().availableProcessors()));
    }
}
