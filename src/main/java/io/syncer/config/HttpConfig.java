package io.syncer.config;

/**
 * The HTTP server syncer offers to the gateway.
 *
 * @param enabled serve HTTP at all (false: a host application that embeds syncer uses only the event-bus API)
 * @param host the interface to bind
 * @param port the port to bind (0 picks a free one, for tests)
 * @param tokenHeader the request header carrying the token to check
 * @param originHeader the optional request header naming the pod the token was written to
 * @param instances how many CheckFrontVerticle instances (event loops) serve requests
 * @param connections how connections are bounded in time and number, and closed on SIGTERM
 * @param tls the listener's certificate (and the CA of required client certificates), re-read when the files change
 * @param auth caller authentication
 */
public record HttpConfig(boolean enabled, String host, int port, String tokenHeader, String originHeader, int instances,
                         Connections connections, TlsFiles tls, HttpAuthConfig auth) {

    /**
     * How the gateway's connections are bounded and closed (keys of {@code http.*}).
     *
     * @param idleTimeoutMs a connection with no traffic this long is closed
     * @param headerTimeoutMs a request's headers must arrive within this (on a new connection, or after the previous answer)
     * @param maxConnections open connections at most; beyond, a request is answered 503 and its connection closed
     * @param drainDelayMs on SIGTERM: how long syncer keeps serving (every answer with Connection: close) before it stops
     *                     accepting connections, so that keep-alive clients move on without losing a request
     * @param closeGraceMs once syncer stops accepting: how long an accepted connection stays open after its last answer (or
     *                     its opening), so that a request its client sent meanwhile is still answered (with Connection: close)
     */
    public record Connections(int idleTimeoutMs, int headerTimeoutMs, int maxConnections, int drainDelayMs, int closeGraceMs)
            implements ConfigGroup {

        static Connections from(ConfigSection section) {
            return new Connections(
                    ConfigKeys.HTTP_IDLE_TIMEOUT_MS.read(section),
                    ConfigKeys.HTTP_HEADER_TIMEOUT_MS.read(section),
                    ConfigKeys.HTTP_MAX_CONNECTIONS.read(section),
                    ConfigKeys.HTTP_DRAIN_DELAY_MS.read(section),
                    ConfigKeys.HTTP_CLOSE_GRACE_MS.read(section));
        }
    }

    static HttpConfig from(ConfigSection section) {
        section.allowOnlyDeclared();
        return new HttpConfig(
                ConfigKeys.HTTP_ENABLED.read(section),
                ConfigKeys.HTTP_HOST.read(section),
                ConfigKeys.HTTP_PORT.read(section),
                ConfigKeys.HTTP_TOKEN_HEADER.read(section),
                ConfigKeys.HTTP_ORIGIN_HEADER.read(section),
                ConfigKeys.HTTP_INSTANCES.read(section, Runtime.getRuntime().availableProcessors()),
                Connections.from(section),
                TlsFiles.from(section.section("tls"), ConfigKeys.HTTP_TLS_CERT_FILE, ConfigKeys.HTTP_TLS_KEY_FILE,
                        ConfigKeys.HTTP_TLS_CLIENT_CA_FILE),
                HttpAuthConfig.from(section.section("auth")));
    }
}
