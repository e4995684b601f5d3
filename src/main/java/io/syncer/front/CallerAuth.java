package io.syncer.front;

import io.syncer.config.HttpAuthConfig;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Caller authentication by a shared secret: every request but those to the exempt paths must carry
 * {@code Authorization: Bearer <secret>}, compared in constant time. The secret is read from a file (a mounted Secret)
 * and read again when the file changes. A request without it is answered 401 with {@code WWW-Authenticate: Bearer}.
 */
final class CallerAuth implements Handler<RoutingContext> {

    private static final Logger LOGGER = LoggerFactory.getLogger(CallerAuth.class);
    private static final String PREFIX = "Bearer ";

    private final Vertx vertx;
    private final HttpAuthConfig config;
    private volatile byte[] secret = new byte[0];

    CallerAuth(Vertx vertx, HttpAuthConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Reads the secret now, then again every {@code scanMs}. */
    void start(long scanMs) {
        secret = read();
        vertx.setPeriodic(scanMs, id -> vertx.fileSystem().readFile(config.tokenFile()).onSuccess(content -> {
            byte[] next = trimmed(content);
            if (!MessageDigest.isEqual(next, secret) && next.length > 0) {
                secret = next;
                LOGGER.info("Caller secret re-read [file: {}]", config.tokenFile());
            }
        }));
    }

    @Override
    public void handle(RoutingContext context) {
        if (config.exempt().contains(context.request().path())) {
            context.next();
            return;
        }
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        byte[] given = header != null && header.startsWith(PREFIX)
                ? header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        byte[] expected = secret;
        if (expected.length == 0 || !MessageDigest.isEqual(given, expected)) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            new ApiError(401, "this syncer requires the callers' secret: Authorization: Bearer <secret>").send(context.response());
            return;
        }
        context.next();
    }

    private byte[] read() {
        return trimmed(vertx.fileSystem().readFileBlocking(config.tokenFile()));
    }

    private static byte[] trimmed(Buffer content) {
        return content.toString(StandardCharsets.UTF_8).trim().getBytes(StandardCharsets.UTF_8);
    }
}
