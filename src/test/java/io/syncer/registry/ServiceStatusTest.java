package io.syncer.registry;

import io.syncer.model.Pod;
import io.syncer.model.PodSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceStatusTest {

    private final PodSet set = new PodSet(1, List.of(Pod.of("a", "10.0.0.1:80")));

    @Test
    void notReadyWithoutAPodSet() {
        assertFalse(new ServiceStatus(1000).ready(null, 0));
        assertTrue(new ServiceStatus(1000).ready(set, 0));
    }

    @Test
    void aBrokenWatchIsToleratedForTheGracePeriodOnly() {
        ServiceStatus status = new ServiceStatus(1000);
        status.watching(false, 10_000);
        assertTrue(status.ready(set, 10_999));
        assertFalse(status.ready(set, 11_000));
        assertEquals(1500L, status.toJson(set, 11_500).getLong("watchBrokenMs"));
        status.watching(false, 11_600);
        assertFalse(status.ready(set, 11_600), "a second report does not restart the grace");
        status.watching(true, 12_000);
        assertTrue(status.ready(set, 12_000));
    }

    @Test
    void drainingIsNeverReady() {
        ServiceStatus status = new ServiceStatus(1000);
        status.drain();
        assertFalse(status.ready(set, 0));
        assertTrue(status.toJson(set, 0).getBoolean("draining"));
    }
}
