package io.syncer.check;

import io.syncer.model.Pod;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;

/** How a pod is asked whether it knows a token, and how its reply is read. */
interface PodQuestion {

    RequestOptions request(Pod pod, String token);

    PodAnswer read(int status, Buffer body, String token);
}
