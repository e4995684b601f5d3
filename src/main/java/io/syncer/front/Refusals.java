package io.syncer.front;

import io.syncer.check.CheckRefusedException;
import io.vertx.core.eventbus.ReplyException;

/**
 * The one mapping both fronts use from any failure of a check to the status they answer with: the HTTP status, or the
 * event-bus failure code. A refusal keeps its own; a registry that did not answer is 503; anything else is 500.
 */
final class Refusals {

    private Refusals() {
    }

    static CheckRefusedException of(Throwable error) {
        if (error instanceof CheckRefusedException refused) {
            return refused;
        }
        if (error instanceof ReplyException reply) {
            return switch (reply.failureType()) {
                case RECIPIENT_FAILURE -> CheckRefusedException.withStatus(reply.failureCode(), reply.getMessage());
                case TIMEOUT -> CheckRefusedException.unavailable("the pod registry did not answer before the check's deadline");
                default -> CheckRefusedException.withStatus(500, "the pod registry is not running");
            };
        }
        return CheckRefusedException.withStatus(500, "internal error");
    }
}
