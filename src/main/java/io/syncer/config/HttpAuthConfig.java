package io.syncer.config;

import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may call syncer: with a token file, every request but those to the exempt paths must carry
 * {@code Authorization: Bearer <the file's content>} (compared in constant time; the file is re-read when it changes).
 *
 * @param tokenFile the file holding the callers' shared secret, or null (no caller authentication)
 * @param exempt paths open without the secret (default: the health endpoints, for the kubelet's probes)
 */
public record HttpAuthConfig(String tokenFile, List<String> exempt) {

    static final List<String> DEFAULT_EXEMPT = List.of("/health/live", "/health/ready");

    public HttpAuthConfig {
        exempt = List.copyOf(exempt);
    }

    static HttpAuthConfig from(ConfigSection section) {
        section.allowOnlyDeclared();
        String tokenFile = ConfigKeys.HTTP_AUTH_TOKEN_FILE.read(section);
        JsonArray paths = ConfigKeys.HTTP_AUTH_EXEMPT.read(section);
        List<String> exempt = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            if (!(paths.getValue(i) instanceof String path) || !path.startsWith("/")) {
                throw new ConfigException(ConfigKeys.HTTP_AUTH_EXEMPT.key() + "[" + i + "]", "must be a path starting with '/'");
            }
            exempt.add(path);
        }
        return new HttpAuthConfig(tokenFile == null || tokenFile.isBlank() ? null : tokenFile,
                section.has(ConfigKeys.HTTP_AUTH_EXEMPT.name()) ? exempt : DEFAULT_EXEMPT);
    }
}
