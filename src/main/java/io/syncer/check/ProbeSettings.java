package io.syncer.check;

import io.syncer.config.CheckConfig;
import io.syncer.config.PodProbeConfig;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.syncer.model.Pod;
import io.vertx.core.Vertx;

/**
 * What every pod probe of one engine shares: the pooled HTTP client, the request shape and the retry policy.
 */
final class ProbeSettings {

    final Vertx vertx;
    final HttpClientAgent client;
    final int attempts;
    final long retryDelayNanos;
    private final PodProbeConfig pod;
    private final CharSequence tokenHeader;

    ProbeSettings(Vertx vertx, HttpClientAgent client, CheckConfig check) {
        this.vertx = vertx;
        this.client = client;
        this.attempts = check.attempts();
        this.retryDelayNanos = check.retryDelayMs() * 1_000_000L;
        this.pod = check.pod();
        this.tokenHeader = HttpHeaders.createOptimized(pod.tokenHeader());
    }

    /** The request that asks {@code target} about the token whose header value is {@code credential}. */
    RequestOptions request(Pod target, String credential) {
        return new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(pod.ssl())
                .setURI(pod.path())
                .putHeader(tokenHeader, credential);
    }

    /** The header value sent to the pods for {@code token}. */
    String credential(String token) {
        return pod.tokenPrefix() + token;
    }
}
