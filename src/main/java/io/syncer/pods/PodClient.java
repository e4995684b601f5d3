package io.syncer.pods;

import io.syncer.config.PodProbeConfig;
import io.syncer.tls.KeyLoggingEngineOptions;
import io.syncer.tls.TlsKeyLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * A client for talking to the gateway's pods, built in one place for every caller (the check probes and the zone_sync
 * poller): TLS as {@code check.pod.*} says (trust-all, or the CA with host names verified, and syncer's client
 * certificate for pods that require one), the TLS key log, keep-alive, no tracing (the keyval probe's URL carries the
 * token), and bodies read up to {@code check.pod.maxBodyBytes}. It is the core HttpClient: a probe must be able to reset
 * a request that no caller needs any more, which a WebClient request cannot.
 *
 * @param client the pooled client
 * @param keyLog the TLS key log it writes, or null
 * @param maxBodyBytes the most of an answer body read
 */
public record PodClient(HttpClientAgent client, TlsKeyLog keyLog, int maxBodyBytes) {

    /** A client for {@code pod}'s settings whose connect timeout (and so its wait for a pooled connection) is {@code connectTimeoutMs}. */
    public static PodClient create(Vertx vertx, PodProbeConfig pod, int connectTimeoutMs, PoolOptions pool) {
        HttpClientOptions options = new HttpClientOptions()
                // syncer traces pod requests itself (PodProbe): Vert.x's client spans would put the keyval URL, token included, in a span
                .setTracingPolicy(io.vertx.core.tracing.TracingPolicy.IGNORE)
                .setKeepAlive(true)
                .setKeepAliveTimeout(30)
                .setTcpNoDelay(true)
                .setConnectTimeout(connectTimeoutMs)
                .setTrustAll(pod.tlsTrustAll())
                .setVerifyHost(!pod.tlsTrustAll());
        if (pod.tls().caFile() != null) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(pod.tls().caFile()));
        }
        if (pod.tls().hasCertificate()) {
            options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(pod.tls().certFile()).setKeyPath(pod.tls().keyFile()));
        }
        TlsKeyLog keyLog = openKeyLog(pod, options);
        return new PodClient(vertx.createHttpClient(options, pool), keyLog, pod.maxBodyBytes());
    }

    private static TlsKeyLog openKeyLog(PodProbeConfig pod, HttpClientOptions options) {
        String file = pod.tlsKeyLogFile();
        if (file == null) {
            return null;
        }
        try {
            TlsKeyLog keyLog = TlsKeyLog.open(Path.of(file));
            options.setSslEngineOptions(new KeyLoggingEngineOptions(keyLog)).setEnabledSecureTransportProtocols(Set.of("TLSv1.2"));
            return keyLog;
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException("check.pod.tls.keyLogFile: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The body of {@code response}, or a failure ({@code too_large}) once it passes {@code maxBodyBytes}, its request reset. */
    public Future<Buffer> body(HttpClientResponse response) {
        Promise<Buffer> body = Promise.promise();
        BoundedBody bounded = new BoundedBody(maxBodyBytes, true);
        response.exceptionHandler(body::tryFail);
        response.handler(chunk -> {
            if (!bounded.add(chunk) && body.tryFail("too_large: the answer passed check.pod.maxBodyBytes (" + maxBodyBytes + ")")) {
                response.request().reset();
            }
        });
        response.endHandler(end -> body.tryComplete(bounded.body()));
        return body.future();
    }

    /** Closes the client and its pooled connections, then the key log. */
    public Future<Void> close() {
        return client.close().onComplete(done -> {
            if (keyLog != null) {
                try {
                    keyLog.close();
                } catch (IOException e) {
                    org.slf4j.LoggerFactory.getLogger(PodClient.class).debug("Closing the TLS key log: {}", e.toString());
                }
            }
        });
    }
}
