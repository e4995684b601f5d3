package io.syncer.check;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** A refusal says whose doing it is by its type: the caller's (4xx) or syncer's (5xx). */
class CheckRefusedExceptionTest {

    @Test
    void eachRefusalIsTheCallersOrSyncersByType() {
        assertInstanceOf(CheckRefusedException.ClientRefusal.class, CheckRefusedException.badRequest("'min' ..."));
        assertEquals(400, CheckRefusedException.badRequest("x").status());
        assertEquals(499, CheckRefusedException.callerGone().status());
        CheckRefusedException busy = CheckRefusedException.unavailable("busy", 1);
        assertInstanceOf(CheckRefusedException.ServerRefusal.class, busy);
        assertEquals(503, busy.status());
        assertEquals(1, busy.retryAfterSeconds());
        assertInstanceOf(CheckRefusedException.ClientRefusal.class, CheckRefusedException.withStatus(404, "x"));
        assertInstanceOf(CheckRefusedException.ServerRefusal.class, CheckRefusedException.withStatus(500, "x"));
    }
}
