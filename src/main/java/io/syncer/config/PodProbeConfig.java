package io.syncer.config;

/**
 * How one pod is asked whether it knows a token: {@code GET {scheme}://{address}{path}} with
 * {@code {tokenHeader}: {tokenPrefix}{token}}.
 *
 * @param scheme http or https
 * @param port the port used for pods found in Kubernetes
 * @param request the request that carries the token (the {@code token} probe)
 * @param tlsTrustAll with https: accept any certificate (pods are reached by IP, rarely with a matching certificate)
 * @param pool the pod connections each event loop keeps, and the requests that may wait for one
 * @param maxBodyBytes the most of a pod's answer body read; a larger one fails the pod ({@code too_large})
 * @param tls with https: the CA that signs the pods' certificates (host names verified), and syncer's client
 *            certificate for pods that require one
 * @param tlsKeyLogFile with https: where the pod connections' TLS 1.2 session keys are appended (NSS key log format,
 *                      for Wireshark), or null; a debugging aid that limits the pod connections to TLS 1.2
 */
public record PodProbeConfig(Scheme scheme, int port, TokenRequest request, boolean tlsTrustAll, Pool pool, int maxBodyBytes,
                             TlsFiles tls, String tlsKeyLogFile) {

    /**
     * The request of the {@code token} probe (keys of {@code check.pod.*}).
     *
     * @param path the request path, starting with '/'
     * @param tokenHeader the header that carries the token to the pod
     * @param tokenPrefix what goes before the token in that header
     */
    public record TokenRequest(String path, String tokenHeader, String tokenPrefix) implements ConfigGroup {

        static TokenRequest from(ConfigSection section) {
            String path = ConfigKeys.POD_PATH.read(section);
            if (!path.startsWith("/")) {
                throw new ConfigException(ConfigKeys.POD_PATH.key(), "must start with '/', got '" + path + "'");
            }
            return new TokenRequest(path, ConfigKeys.POD_TOKEN_HEADER.read(section), ConfigKeys.POD_TOKEN_PREFIX.read(section));
        }
    }

    /**
     * The pod connections of one event loop (keys of {@code check.pod.*}).
     *
     * @param maxConnections the most keep-alive connections kept per pod and per event loop (however few the pods)
     * @param connectionBudget keep-alive connections to all pods together per event loop: each pod gets
     *                         {@code connectionBudget / pods} of them, between 1 and {@code maxConnections}
     * @param maxWaitQueue requests waiting for one of a pod's connections, per pod and event loop; beyond, a request
     *                     fails at once ({@code pool_busy})
     */
    public record Pool(int maxConnections, int connectionBudget, int maxWaitQueue) implements ConfigGroup {

        static Pool from(ConfigSection section) {
            return new Pool(ConfigKeys.POD_MAX_CONNECTIONS.read(section), ConfigKeys.POD_CONNECTION_BUDGET.read(section),
                    ConfigKeys.POD_MAX_WAIT_QUEUE.read(section));
        }
    }

    /** How the pods are reached. */
    public enum Scheme { HTTP, HTTPS }

    public boolean ssl() {
        return scheme == Scheme.HTTPS;
    }

    static PodProbeConfig from(ConfigSection section) {
        section.allowOnlyDeclared();
        Scheme scheme = ConfigKeys.POD_SCHEME.read(section);
        String keyLogFile = ConfigKeys.POD_TLS_KEY_LOG_FILE.read(section.section("tls"));
        keyLogFile = keyLogFile == null || keyLogFile.isBlank() ? null : keyLogFile;
        if (keyLogFile != null && scheme != Scheme.HTTPS) {
            throw new ConfigException(ConfigKeys.POD_TLS_KEY_LOG_FILE.key(), "needs check.pod.scheme https (there is no TLS to log)");
        }
        if (keyLogFile != null && !io.syncer.tls.TlsKeyLog.available()) {
            throw new ConfigException(ConfigKeys.POD_TLS_KEY_LOG_FILE.key(), "needs the JVM started with "
                    + io.syncer.tls.TlsKeyLog.REQUIRED_FLAG + " (java -jar syncer.jar has it from the jar's manifest)");
        }
        return new PodProbeConfig(
                scheme,
                ConfigKeys.POD_PORT.read(section),
                TokenRequest.from(section),
                ConfigKeys.POD_TLS_TRUST_ALL.read(section),
                Pool.from(section),
                ConfigKeys.POD_MAX_BODY_BYTES.read(section),
                TlsFiles.from(section.section("tls"), ConfigKeys.POD_TLS_CERT_FILE, ConfigKeys.POD_TLS_KEY_FILE, ConfigKeys.POD_TLS_CA_FILE),
                keyLogFile);
    }
}
