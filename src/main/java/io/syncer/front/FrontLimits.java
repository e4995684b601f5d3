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
 * @param port the port the HTTP front listens on (the one picked, with http.port 0), 0 until it listens
 */
public record FrontLimits(Admission admission, AtomicInteger connections, AtomicBoolean draining, AtomicInteger port) {

    public FrontLimits(int maxInFlight) {
        this(new Admission(maxInFlight), new AtomicInteger(), new AtomicBoolean(), new AtomicInteger());
    }
}
