package io.syncer.check;

import io.syncer.model.PodError;
import io.syncer.config.KeyvalConfig;
import io.syncer.config.PodProbeConfig;
import io.syncer.model.Pod;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The NGINX Plus API question: {@code GET {scheme}://{address}/api/{apiVersion}/http/keyvals/{zone}?key=TOKEN}.
 * 200 with the key in the JSON object = known, unless its value is one of {@code check.keyval.revokedValues} (a
 * tombstone: not known) or, with expect=value, is not the value asked for; 200 without it, or 404, = not yet; a body
 * that is no JSON object, or another status, an error. The token travels in the query string: keep the API's access
 * log off on the pods.
 */
final class KeyvalQuestion implements PodQuestion {

    private final PodProbeConfig pod;
    private final String pathPrefix;
    private final java.util.Set<String> revokedValues;
    private final String firstRevoked;
    private final String zonePath;

    KeyvalQuestion(PodProbeConfig pod, KeyvalConfig keyval) {
        this.pod = pod;
        this.pathPrefix = "/api/" + keyval.apiVersion() + "/http/keyvals/" + keyval.zone() + "?key=";
        this.revokedValues = java.util.Set.copyOf(keyval.revokedValues());
        this.firstRevoked = keyval.revokedValues().isEmpty() ? null : keyval.revokedValues().get(0);
        this.zonePath = "/api/" + keyval.apiVersion() + "/http/keyvals/" + keyval.zone();
    }

    /**
     * A write of the key to {@code target}: POST adds it (201, or 409 when it is there already), PATCH sets it (204, or
     * 404 when it is not there). The body is {@code {"TOKEN": "VALUE"}}.
     */
    RequestOptions write(Pod target, io.vertx.core.http.HttpMethod method) {
        return new RequestOptions().setMethod(method).setHost(target.host()).setPort(target.port()).setSsl(pod.ssl())
                .setURI(zonePath).putHeader("Content-Type", "application/json");
    }

    /** The first revoked value (the tombstone a revocation writes), or null when none is configured. */
    String tombstone() {
        return firstRevoked;
    }

    @Override
    public RequestOptions request(Pod target, String token) {
        return PodQuestion.get(target, pod.ssl(), pathPrefix + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    @Override
    public boolean needsBody() {
        return true;
    }

    @Override
    public PodAnswer read(int status, Buffer body, Ask ask) {
        if (status == 404) {
            return PodAnswer.UNKNOWN;
        }
        if (status != 200) {
            return PodAnswer.unexpected(status);
        }
        try {
            Object value = new JsonObject(body).getValue(ask.token());
            if (value == null) {
                return PodAnswer.UNKNOWN;
            }
            String held = String.valueOf(value);
            boolean known = !revokedValues.contains(held) && (ask.value() == null || ask.value().equals(held));
            return PodAnswer.held(known, held);
        } catch (DecodeException | ClassCastException e) {
            return PodAnswer.error(PodError.BAD_BODY.wireName());
        }
    }
}
