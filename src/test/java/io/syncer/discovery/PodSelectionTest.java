package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.syncer.model.DiscoveryState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.syncer.discovery.KubeObjects.deployment;
import static io.syncer.discovery.KubeObjects.notReady;
import static io.syncer.discovery.KubeObjects.pod;
import static io.syncer.discovery.KubeObjects.replicaSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The original's rules: revision -> ReplicaSet -> pod-template-hash -> serving pods. */
class PodSelectionTest {

    private static final String UID = "uid-1";
    private final Deployment deployment = deployment(UID, "2");
    private final List<ReplicaSet> replicaSets = List.of(
            replicaSet("old111", "1", UID, "2026-01-01T00:00:00Z"),
            replicaSet("new222", "2", UID, "2026-01-02T00:00:00Z"));

    @Test
    void picksTheServingPodsOfTheReplicaSetWithTheDeploymentsRevision() {
        List<Pod> pods = List.of(pod("new222", "b", "10.0.0.2"), pod("new222", "a", "10.0.0.1"), pod("old111", "x", "10.0.0.9"));
        PodSelection.Selection selection = PodSelection.select(deployment, replicaSets, pods, 8080);

        assertEquals(List.of(io.syncer.model.Pod.of("apigw-new222-a", "10.0.0.1:8080"),
                io.syncer.model.Pod.of("apigw-new222-b", "10.0.0.2:8080")), selection.pods());
        assertEquals(null, selection.problem());
    }

    @Test
    void leavesOutPodsThatCannotServe() {
        Pod ready = pod("new222", "ok", "10.0.0.1");
        Pod unready = notReady(pod("new222", "unready", "10.0.0.2"));
        // issue 17 rule 10: a terminating pod that is still Ready serves and is asked (see the test below); one that is no
        // longer Ready is left out
        Pod terminating = notReady(new PodBuilder(pod("new222", "terminating", "10.0.0.3"))
                .editMetadata().withDeletionTimestamp("2026-01-03T00:00:00Z").endMetadata().build());
        Pod noIp = new PodBuilder(pod("new222", "noip", "")).build();
        Pod pending = new PodBuilder(pod("new222", "pending", "10.0.0.5")).editStatus().withPhase("Pending").endStatus().build();
        Pod noConditions = new PodBuilder(pod("new222", "noconditions", "10.0.0.6")).editStatus().withConditions().endStatus().build();

        List<io.syncer.model.Pod> selected = PodSelection.select(deployment, replicaSets,
                List.of(ready, unready, terminating, noIp, pending, noConditions), 8080).pods();

        assertEquals(List.of("apigw-new222-ok"), selected.stream().map(io.syncer.model.Pod::name).toList());
    }

    @Test
    void aTerminatingPodOfAnOwnedReplicaSetIsAskedUntilItIsNoLongerReady() {
        Pod deletedReady = new PodBuilder(pod("new222", "deleted", "10.0.0.3"))
                .editMetadata().withDeletionTimestamp("2026-01-03T00:00:00Z").endMetadata().build();
        Pod oldDeletedReady = new PodBuilder(pod("old111", "scaled-down", "10.0.0.9"))
                .editMetadata().withDeletionTimestamp("2026-01-03T00:00:00Z").endMetadata().build();
        Pod foreignDeleted = new PodBuilder(pod("other333", "foreign", "10.0.0.8"))
                .editMetadata().withDeletionTimestamp("2026-01-03T00:00:00Z").endMetadata().build();
        List<Pod> pods = List.of(pod("new222", "a", "10.0.0.1"), deletedReady, oldDeletedReady, foreignDeleted);

        PodSelection.Selection serving = PodSelection.select(deployment, replicaSets, pods, 8080);
        assertEquals(DiscoveryState.SETTLED, serving.state());
        assertEquals(List.of("apigw-new222-a", "apigw-new222-deleted", "apigw-old111-scaled-down"),
                serving.pods().stream().map(io.syncer.model.Pod::name).toList(), "deleted but Ready: still serving, still asked");
        assertEquals(3, serving.servingPods());

        PodSelection.Selection unready = PodSelection.select(deployment, replicaSets,
                List.of(pod("new222", "a", "10.0.0.1"), notReady(deletedReady), notReady(oldDeletedReady)), 8080);
        assertEquals(List.of("apigw-new222-a"), unready.pods().stream().map(io.syncer.model.Pod::name).toList(),
                "no longer Ready: no longer asked");
    }

    @Test
    void ignoresReplicaSetsOfOtherOwners() {
        ReplicaSet foreign = replicaSet("other333", "2", "uid-someone-else", "2026-01-05T00:00:00Z");
        List<io.syncer.model.Pod> selected = PodSelection.select(deployment, List.of(foreign, replicaSets.get(1)),
                List.of(pod("other333", "a", "10.0.0.7"), pod("new222", "a", "10.0.0.1")), 8080).pods();

        assertEquals(List.of("apigw-new222-a"), selected.stream().map(io.syncer.model.Pod::name).toList());
    }

    @Test
    void severalReplicaSetsWithTheSameRevisionPickTheNewestDeterministically() {
        ReplicaSet older = replicaSet("dup111", "2", UID, "2026-01-02T00:00:00Z");
        ReplicaSet newer = replicaSet("dup999", "2", UID, "2026-01-04T00:00:00Z");
        List<Pod> pods = List.of(pod("dup111", "a", "10.0.0.1"), pod("dup999", "a", "10.0.0.2"));

        for (List<ReplicaSet> order : List.of(List.of(older, newer), List.of(newer, older))) {
            List<io.syncer.model.Pod> selected = PodSelection.select(deployment, order, pods, 8080).pods();
            assertEquals(List.of("apigw-dup999-a"), selected.stream().map(io.syncer.model.Pod::name).toList());
        }
    }

    @Test
    void fallsBackToTheReplicaSetNameSuffixWithoutTheHashLabel() {
        ReplicaSet unlabelled = new ReplicaSetBuilder(replicaSets.get(1)).editMetadata().withLabels(null).endMetadata().build();
        assertEquals("new222", PodSelection.templateHash(unlabelled));
    }

    @Test
    void explainsWhyThereAreNoPods() {
        assertTrue(PodSelection.select(null, replicaSets, List.of(), 8080).problem().contains("does not exist"));
        Deployment noRevision = deployment(UID, "1");
        noRevision.getMetadata().setAnnotations(null);
        assertTrue(PodSelection.select(noRevision, replicaSets, List.of(), 8080).problem().contains("annotation"));
        assertTrue(PodSelection.select(deployment(UID, "7"), replicaSets, List.of(), 8080).problem().contains("revision 7"));
    }

    @Test
    void holdsTheCurrentSetUntilTheControllerHasObservedTheDeployment() {
        Deployment lagging = deployment(UID, "2");
        lagging.getMetadata().setGeneration(5L);
        lagging.setStatus(new DeploymentStatusBuilder().withObservedGeneration(4L).build());
        List<Pod> pods = List.of(pod("new222", "a", "10.0.0.1"));
        PodSelection.Selection held = PodSelection.select(lagging, replicaSets, pods, 8080);
        assertTrue((held.state() == DiscoveryState.HELD));
        assertTrue(held.problem().contains("generation 5"));

        lagging.getStatus().setObservedGeneration(5L);
        PodSelection.Selection caughtUp = PodSelection.select(lagging, replicaSets, pods, 8080);
        assertFalse((caughtUp.state() == DiscoveryState.HELD));
        assertEquals(1, caughtUp.pods().size());
    }

    @Test
    void followsARollbackToAnOldReplicaSetGivenANewRevision() {
        ReplicaSet rolledBack = replicaSet("old111", "3", UID, "2026-01-01T00:00:00Z");
        List<Pod> pods = List.of(pod("old111", "x", "10.0.0.9"), pod("new222", "a", "10.0.0.1"));
        List<io.syncer.model.Pod> selected = PodSelection.select(deployment(UID, "3"),
                List.of(rolledBack, replicaSets.get(1)), pods, 8080).pods();
        assertEquals(List.of("apigw-old111-x"), selected.stream().map(io.syncer.model.Pod::name).toList());
    }

    @Test
    void usesTheConfiguredPodPort() {
        List<io.syncer.model.Pod> selected = PodSelection.select(deployment, replicaSets, List.of(pod("new222", "a", "10.0.0.1")), 9443).pods();
        assertEquals("10.0.0.1:9443", selected.get(0).address());
    }

    @Test
    void duringARolloutTheNewPodsAreCheckedAndEveryServingPodIsCounted() {
        List<Pod> pods = List.of(pod("new222", "n1", "10.0.1.1"), notReady(pod("new222", "n2", "10.0.1.2")),
                pod("old111", "o1", "10.0.0.1"), pod("old111", "o2", "10.0.0.2"));
        PodSelection.Selection selection = PodSelection.select(deployment, replicaSets, pods, 8080);

        assertEquals(DiscoveryState.SETTLED, selection.state());
        assertEquals(List.of("apigw-new222-n1"), selection.pods().stream().map(io.syncer.model.Pod::name).toList());
        assertEquals(3, selection.servingPods(), "one new and two old pods serve");
    }

    @Test
    void eachInconsistentMomentHoldsAndEachAbsenceSaysWhich() {
        List<Pod> oldPods = List.of(pod("old111", "o1", "10.0.0.1"), pod("old111", "o2", "10.0.0.2"));
        assertEquals(DiscoveryState.MISSING, PodSelection.select(null, replicaSets, oldPods, 8080).state());
        assertEquals(DiscoveryState.HELD, PodSelection.select(deployment(UID, "3"), replicaSets, oldPods, 8080).state(),
                "revision annotated, its ReplicaSet not seen");
        assertEquals(DiscoveryState.HELD, PodSelection.select(deployment, List.of(replicaSets.get(0)), oldPods, 8080).state(),
                "the current ReplicaSet deleted while the old one serves");
        assertEquals(DiscoveryState.HELD, PodSelection.select(deployment, replicaSets, oldPods, 8080).state(),
                "the current ReplicaSet has no serving pod yet while old ones serve");
        assertEquals(DiscoveryState.NO_PODS, PodSelection.select(deployment, replicaSets, List.of(notReady(pod("new222", "a", "10.0.0.1"))),
                8080).state());
    }
}
