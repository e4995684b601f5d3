package io.syncer.check;

import io.syncer.model.Pod;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each pod's share of one event loop's pod connections, and the bounded queue beyond it. */
class PodConnectionsTest {

    private static final Pod POD = new Pod("gw-a", "10.0.0.1", 8080);
    private static final Pod OTHER = new Pod("gw-b", "10.0.0.2", 8080);

    @Test
    void eachPodGetsTheBudgetOverThePodCountBetweenOneAndTheMostPerPod() {
        PodConnections connections = new PodConnections(512, 32, 256, Runnable::run);
        assertEquals(32, connections.share(3), "few pods: the most per pod");
        assertEquals(32, connections.share(16));
        assertEquals(17, connections.share(30));
        assertEquals(5, connections.share(100));
        assertEquals(1, connections.share(1_000), "never none");
    }

    @Test
    void beyondItsShareAPodsRequestsWaitInOrderAndStartAsRequestsEnd() {
        PodConnections connections = new PodConnections(4, 32, 10, Runnable::run);
        List<String> started = new ArrayList<>();
        assertEquals(PodConnections.Grant.NOW, connections.acquire(POD, 2, () -> started.add("unexpected")));
        assertEquals(PodConnections.Grant.NOW, connections.acquire(POD, 2, () -> started.add("unexpected")));
        assertEquals(PodConnections.Grant.QUEUED, connections.acquire(POD, 2, () -> started.add("third")));
        assertEquals(PodConnections.Grant.QUEUED, connections.acquire(POD, 2, () -> started.add("fourth")));
        assertEquals(PodConnections.Grant.NOW, connections.acquire(OTHER, 2, () -> started.add("unexpected")), "shares are per pod");
        assertEquals(2, connections.waiting());

        connections.release(POD);
        assertEquals(List.of("third"), started, "first in, first out");
        assertEquals(2, connections.inFlight(POD), "the place went to the waiting request");
        connections.release(POD);
        assertEquals(List.of("third", "fourth"), started);
        assertEquals(0, connections.waiting());
        connections.release(POD);
        connections.release(POD);
        assertEquals(0, connections.inFlight(POD));
    }

    @Test
    void aFullQueueRefusesAtOnceAndAWithdrawnRequestNeverStarts() {
        PodConnections connections = new PodConnections(1, 32, 1, Runnable::run);
        List<String> started = new ArrayList<>();
        Runnable waiting = () -> started.add("withdrawn");
        assertEquals(PodConnections.Grant.NOW, connections.acquire(POD, 1, () -> { }));
        assertEquals(PodConnections.Grant.QUEUED, connections.acquire(POD, 1, waiting));
        assertEquals(PodConnections.Grant.REFUSED, connections.acquire(POD, 1, () -> started.add("refused")));

        connections.withdraw(POD, waiting);
        assertEquals(0, connections.waiting());
        connections.release(POD);
        assertEquals(List.of(), started);
        assertEquals(PodConnections.Grant.NOW, connections.acquire(POD, 1, () -> { }), "its place is free again");
    }

    @Test
    void aWaitingRequestThatGivesUpAsItStartsPassesItsPlaceOn() {
        PodConnections connections = new PodConnections(1, 32, 10, Runnable::run);
        List<String> started = new ArrayList<>();
        connections.acquire(POD, 1, () -> { });
        // the first waiting request finds its deadline passed when its turn comes, and releases at once (nested)
        connections.acquire(POD, 1, () -> {
            started.add("expired");
            connections.release(POD);
        });
        connections.acquire(POD, 1, () -> started.add("next"));
        connections.release(POD);
        assertEquals(List.of("expired", "next"), started);
        assertEquals(1, connections.inFlight(POD));
        assertEquals(0, connections.waiting());
    }

    @Test
    void moreHeadroomWhenThePodSetShrinks() {
        PodConnections connections = new PodConnections(4, 32, 10, Runnable::run);
        List<String> started = new ArrayList<>();
        connections.acquire(POD, 4, () -> { });
        assertEquals(PodConnections.Grant.QUEUED, connections.acquire(POD, 4, () -> started.add("waited")), "4 pods: one each");
        assertEquals(PodConnections.Grant.QUEUED, connections.acquire(POD, 1, () -> started.add("behind")),
                "never ahead of a waiting request");
        connections.release(POD);
        assertEquals(List.of("waited", "behind"), started, "1 pod: the whole budget, both start");
    }
}
