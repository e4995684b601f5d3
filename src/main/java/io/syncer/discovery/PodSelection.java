package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.syncer.model.DiscoveredPods;
import io.syncer.model.DiscoveryState;
import io.syncer.model.Pod;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which pods of a Deployment are checked, as the original defined it: the Deployment's
 * {@code deployment.kubernetes.io/revision} names the ReplicaSet it owns with the same revision; that ReplicaSet's
 * {@code pod-template-hash} names its pods; of those, the ones Running, Ready, not terminating and with a pod IP
 * are checked at {@code podIP:port}. A terminating pod of any ReplicaSet the Deployment owns that is still Ready is
 * checked too, until it is no longer Ready (a deleted pod serves until then, as the service source sees it). The revision is trusted only once the Deployment's {@code status.observedGeneration}
 * has caught up with {@code metadata.generation}; until then the current set is held. Every serving pod of every
 * ReplicaSet the Deployment owns is counted too ({@code servingPods}): during a rollout old pods still serve. Several ReplicaSets with the
 * revision (seen after rollbacks): the newest wins, then the greatest name. Pure functions over fabric8 model objects.
 */
public final class PodSelection {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String TEMPLATE_HASH = "pod-template-hash";

    private PodSelection() {
    }

    /**
     * The pods to check, sorted by name, and what discovery knows. The Deployment missing is {@code MISSING}; a
     * generation not observed yet, no revision annotation, no ReplicaSet with the annotated revision (not delivered yet,
     * or deleted while older ones still serve), or a current ReplicaSet with no serving pod while older ones serve, is
     * {@code HELD} (the last set stays); no serving pod in any of its ReplicaSets is {@code NO_PODS}.
     *
     * @param deployment the gateway Deployment, or null when it does not exist
     * @param replicaSets the ReplicaSets of the namespace (those the Deployment does not own are ignored)
     * @param pods the pods of the namespace
     * @param port the port of the pods' token check endpoint
     */
    public static Selection select(Deployment deployment, Collection<ReplicaSet> replicaSets,
                                   Collection<io.fabric8.kubernetes.api.model.Pod> pods, int port) {
        if (deployment == null) {
            return Selection.of(DiscoveryState.MISSING, "the Deployment does not exist");
        }
        Long generation = deployment.getMetadata().getGeneration();
        Long observed = deployment.getStatus() == null ? null : deployment.getStatus().getObservedGeneration();
        if (generation != null && (observed == null || observed < generation)) {
            return Selection.of(DiscoveryState.HELD, "the Deployment controller has not observed generation " + generation + " yet");
        }
        List<ReplicaSet> owned = replicaSets.stream().filter(rs -> ownedBy(rs, deployment)).toList();
        Set<String> ownedHashes = owned.stream().map(PodSelection::templateHash).collect(Collectors.toSet());
        List<io.fabric8.kubernetes.api.model.Pod> serving = pods.stream()
                .filter(pod -> ownedHashes.contains(label(pod, TEMPLATE_HASH)))
                .filter(PodSelection::isServing)
                .toList();
        // deleted, but still Ready: it serves until its readiness drops, so a token it lacks still fails a client there
        List<io.fabric8.kubernetes.api.model.Pod> terminating = pods.stream()
                .filter(pod -> ownedHashes.contains(label(pod, TEMPLATE_HASH)))
                .filter(PodSelection::isTerminatingButServing)
                .toList();
        String revision = annotation(deployment, REVISION);
        if (revision == null) {
            return Selection.of(DiscoveryState.HELD, "the Deployment has no " + REVISION + " annotation yet");
        }
        Optional<ReplicaSet> current = owned.stream()
                .filter(rs -> revision.equals(annotation(rs, REVISION)))
                .max(Comparator.comparing((ReplicaSet rs) -> nullToEmpty(rs.getMetadata().getCreationTimestamp()))
                        .thenComparing(rs -> rs.getMetadata().getName()));
        if (current.isEmpty()) {
            return Selection.of(DiscoveryState.HELD, "revision " + revision + " is annotated but no ReplicaSet of the Deployment"
                    + " with that revision is seen (" + serving.size() + " pods of older ones serve)");
        }
        String hash = templateHash(current.get());
        List<Pod> selected = java.util.stream.Stream.concat(
                        serving.stream().filter(pod -> hash.equals(label(pod, TEMPLATE_HASH))), terminating.stream())
                .map(pod -> new Pod(pod.getMetadata().getName(), pod.getStatus().getPodIP(), port))
                .sorted(Comparator.comparing(Pod::name))
                .toList();
        if (serving.isEmpty()) {
            return Selection.of(DiscoveryState.NO_PODS, "no serving gateway pods");
        }
        if (selected.size() == terminating.size()) {
            return Selection.of(DiscoveryState.HELD, "ReplicaSet " + current.get().getMetadata().getName() + " of revision " + revision
                    + " has no serving pod yet while " + serving.size() + " pods of older ones serve");
        }
        return new Selection(DiscoveryState.SETTLED, selected, serving.size() + terminating.size(), null);
    }

    /** Being deleted, yet still Running, Ready and with an IP: it serves until its readiness drops. */
    static boolean isTerminatingButServing(io.fabric8.kubernetes.api.model.Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null && pod.getStatus() != null && isReadyWithIp(pod);
    }

    /** Running, Ready, not being deleted, and with an IP. */
    static boolean isServing(io.fabric8.kubernetes.api.model.Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
            return false;
        }
        return isReadyWithIp(pod);
    }

    private static boolean isReadyWithIp(io.fabric8.kubernetes.api.model.Pod pod) {
        String ip = pod.getStatus().getPodIP();
        if (ip == null || ip.isBlank() || !"Running".equals(pod.getStatus().getPhase())) {
            return false;
        }
        List<PodCondition> conditions = pod.getStatus().getConditions();
        return conditions != null && conditions.stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The ReplicaSet's pod-template-hash label; the original's fallback is the suffix of its name. */
    static String templateHash(ReplicaSet replicaSet) {
        String label = label(replicaSet, TEMPLATE_HASH);
        if (label != null) {
            return label;
        }
        String name = replicaSet.getMetadata().getName();
        return name.substring(name.lastIndexOf('-') + 1);
    }

    private static boolean ownedBy(ReplicaSet replicaSet, Deployment deployment) {
        List<OwnerReference> owners = replicaSet.getMetadata().getOwnerReferences();
        if (owners == null) {
            return false;
        }
        String uid = deployment.getMetadata().getUid();
        return owners.stream().anyMatch(owner -> "Deployment".equals(owner.getKind())
                && (uid != null ? uid.equals(owner.getUid()) : deployment.getMetadata().getName().equals(owner.getName())));
    }

    private static String annotation(HasMetadata resource, String key) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static String label(HasMetadata resource, String key) {
        ObjectMeta metadata = resource.getMetadata();
        return metadata.getLabels() == null ? null : metadata.getLabels().get(key);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /**
     * The outcome of a selection.
     *
     * @param state what discovery knows
     * @param pods the pods to check, sorted by name (empty unless SETTLED)
     * @param servingPods every serving pod of the gateway, the pods to check included
     * @param problem why the state is not SETTLED (or a remark on a settled one), or null
     */
    public record Selection(DiscoveryState state, List<Pod> pods, int servingPods, String problem) {

        public Selection {
            pods = List.copyOf(pods);
        }

        /** The state of a source whose pods to check are every pod it serves: none is NO_PODS. */
        public static Selection serving(List<Pod> pods, String problem) {
            return pods.isEmpty() ? of(DiscoveryState.NO_PODS, problem != null ? problem : "no serving gateway pods")
                    : new Selection(DiscoveryState.SETTLED, pods, pods.size(), problem);
        }

        static Selection of(DiscoveryState state, String problem) {
            return new Selection(state, List.of(), 0, problem);
        }

        /** What the registry is told. */
        public DiscoveredPods toDiscovered(String source) {
            return new DiscoveredPods(source, state, problem, pods, servingPods);
        }
    }
}
