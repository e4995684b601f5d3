package io.syncer.check;

import io.syncer.metrics.Telemetry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;

/**
 * How every probe of one engine asks: the pooled client, the question's wire form, the backoff and the attempts a
 * caller is given. Immutable; built once per engine.
 *
 * @param vertx for retry timers
 * @param client the core HTTP client (not WebClient: an in-flight request must be reset when no caller needs it)
 * @param question how a pod is asked and its reply read
 * @param backoff the wait before asking again
 * @param maxAttempts requests per pod a caller is given
 * @param maxBodyBytes the most of an answer body read
 * @param telemetry where cancelled requests, pod errors and propagation waits are recorded, and pod-request spans go
 * @param connections each pod's share of the engine's pooled connections, and the requests waiting for one
 * @param repair the keyval writes of read repair, or null when it is off (or the probe is not keyval)
 */
record ProbePlan(Vertx vertx, HttpClient client, PodQuestion question, Backoff backoff, int maxAttempts, int maxBodyBytes,
                 Telemetry telemetry, PodConnections connections,
                 RepairWrites repair) {
}
