package io.syncer.config;

import java.util.Set;

/**
 * The HTTP server syncer offers to the gateway.
 *
 * @param host the interface to bind
 * @param port the port to bind (0 picks a free one, for tests)
 * @param tokenHeader the request header carrying the token to check
 * @param originHeader the optional request header naming the pod the token was written to
 * @param instances how many HttpVerticle instances (event loops) serve requests
 */
public record HttpConfig(String host, int port, String tokenHeader, String originHeader, int instances) {

    static HttpConfig from(ConfigSection section) {
        section.allowOnly(Set.of("host", "port", "tokenHeader", "originHeader", "instances"));
        return new HttpConfig(
                section.nonBlank("host", "0.0.0.0"),
                section.integer("port", 8080, 0, 65535),
                section.nonBlank("tokenHeader", "X-Auth-Token"),
                section.nonBlank("originHeader", "X-Origin"),
                section.integer("instances", Runtime.getRuntime().availableProcessors(), 1, 256));
    }
}
