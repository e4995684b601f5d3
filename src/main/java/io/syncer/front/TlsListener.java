package io.syncer.front;

import io.syncer.config.TlsFiles;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS on syncer's own listener: a PEM certificate and key (a mounted Secret), client certificates required when a
 * client CA is given, and the files re-read when they change (a renewed Secret) without dropping connections.
 */
final class TlsListener {

    private static final Logger LOGGER = LoggerFactory.getLogger(TlsListener.class);

    private TlsListener() {
    }

    static void configure(TlsFiles tls, HttpServerOptions options) {
        if (options == null || !tls.hasCertificate()) {
            return;
        }
        options.setSsl(true).setKeyCertOptions(keyCert(tls));
        if (tls.caFile() != null) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile())).setClientAuth(ClientAuth.REQUIRED);
        }
    }

    /** Polls the files' modification times; on a change, the server takes the new certificate for new connections. */
    static void reloadWhenChanged(Vertx vertx, HttpServer server, TlsFiles tls, long scanMs) {
        if (!tls.hasCertificate()) {
            return;
        }
        String[] seen = {stamp(tls)};
        vertx.setPeriodic(scanMs, id -> vertx.executeBlocking(() -> stamp(tls), false).onSuccess(now -> {
            if (!Objects.equals(now, seen[0])) {
                seen[0] = now;
                ServerSSLOptions next = new ServerSSLOptions().setKeyCertOptions(keyCert(tls));
                if (tls.caFile() != null) {
                    next.setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile())).setClientAuth(ClientAuth.REQUIRED);
                }
                server.updateSSLOptions(next, true)
                        .onSuccess(updated -> LOGGER.info("TLS certificate re-read [file: {}]", tls.certFile()))
                        .onFailure(error -> LOGGER.warn("TLS certificate change rejected, keeping the current one [file: {}]: {}",
                                tls.certFile(), error.toString()));
            }
        }));
    }

    private static PemKeyCertOptions keyCert(TlsFiles tls) {
        return new PemKeyCertOptions().setCertPath(tls.certFile()).setKeyPath(tls.keyFile());
    }

    private static String stamp(TlsFiles tls) {
        StringBuilder stamp = new StringBuilder();
        for (String file : new String[] {tls.certFile(), tls.keyFile(), tls.caFile()}) {
            if (file != null) {
                try {
                    stamp.append(Files.getLastModifiedTime(Path.of(file)).toMillis()).append(Files.size(Path.of(file))).append(';');
                } catch (IOException e) {
                    stamp.append("missing;");
                }
            }
        }
        return stamp.toString();
    }
}
