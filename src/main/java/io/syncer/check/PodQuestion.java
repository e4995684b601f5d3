package io.syncer.check;

import io.syncer.model.Pod;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** How a pod is asked whether it knows a token, and how its reply is read. */
interface PodQuestion {

    RequestOptions request(Pod pod, String token);

    /** A GET to {@code pod} over the configured scheme, for {@code uri}. */
    static RequestOptions get(Pod pod, boolean ssl, String uri) {
        return new RequestOptions().setMethod(HttpMethod.GET).setHost(pod.host()).setPort(pod.port()).setSsl(ssl).setURI(uri);
    }

    /** Reads a pod's answer to {@code ask}: known means as the ask would have it (with expect=value: that value held). */
    PodAnswer read(int status, Buffer body, Ask ask);

    /** Whether {@link #read} needs the body (else only the status is read, the body discarded as it arrives). */
    boolean needsBody();
}
