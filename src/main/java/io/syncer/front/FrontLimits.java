package io.syncer.front;


import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every CheckFrontVerticle instance shares: the admission counter of running checks, the count of open connections,
 * and whether syncer is draining (every answer then carries {@code Connection: close}). Lock-free counters.
 *
 * @param admission checks running at once, all fronts
 * @param connections HTTP connections open now
 * @param draining set on SIGTERM
 */
public record FrontLimits(Admission admission, AtomicInteger connections, AtomicBoolean draining) {

    public FrontLimits(int maxInFlight) {
        this(new Admission(maxInFlight), new AtomicInteger(), new AtomicBoolean());
    }
}
