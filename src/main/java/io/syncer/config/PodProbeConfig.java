package io.syncer.config;

import java.util.Set;

/**
 * How one pod is asked whether it knows a token: {@code GET {scheme}://{address}{path}} with
 * {@code {tokenHeader}: {tokenPrefix}{token}}.
 *
 * @param scheme http or https
 * @param port the port used for pods found in Kubernetes
 * @param path the request path, starting with '/'
 * @param tokenHeader the header that carries the token to the pod
 * @param tokenPrefix what goes before the token in that header
 * @param tlsTrustAll with https: accept any certificate (pods are reached by IP, rarely with a matching certificate)
 * @param maxConnections keep-alive connections kept per pod and per event loop
 */
public record PodProbeConfig(String scheme, int port, String path, String tokenHeader, String tokenPrefix,
                             boolean tlsTrustAll, int maxConnections) {

    public boolean ssl() {
        return "https".equals(scheme);
    }

    static PodProbeConfig from(ConfigSection section) {
        section.allowOnly(Set.of("scheme", "port", "path", "tokenHeader", "tokenPrefix", "tlsTrustAll", "maxConnections"));
        String scheme = section.nonBlank("scheme", "http");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException(section.key("scheme"), "must be http or https, got '" + scheme + "'");
        }
        String path = section.nonBlank("path", "/");
        if (!path.startsWith("/")) {
            throw new ConfigException(section.key("path"), "must start with '/', got '" + path + "'");
        }
        return new PodProbeConfig(
                scheme,
                section.integer("port", 8080, 1, 65535),
                path,
                section.nonBlank("tokenHeader", "Authorization"),
                section.string("tokenPrefix", "Bearer "),
                section.bool("tlsTrustAll", false),
                section.integer("maxConnections", 32, 1, 10_000));
    }
}
