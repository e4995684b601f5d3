package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.syncer.model.Pod;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which pods of a Deployment are checked, as the original defined it: the Deployment's
 * {@code deployment.kubernetes.io/revision} names the ReplicaSet it owns with the same revision; that ReplicaSet's
 * {@code pod-template-hash} names its pods; of those, the ones Running, Ready, not terminating and with a pod IP
 * are checked at {@code podIP:port}. The revision is trusted only once the Deployment's {@code status.observedGeneration}
 * has caught up with {@code metadata.generation}; until then the current set is held. Several ReplicaSets with the
 * revision (seen after rollbacks): the newest wins, then the greatest name. Pure functions over fabric8 model objects.
 */
public final class PodSelection {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String TEMPLATE_HASH = "pod-template-hash";

    private PodSelection() {
    }

    /**
     * The pods to check, sorted by name, or a reason why there are none.
     *
     * @param deployment the gateway Deployment, or null when it does not exist
     * @param replicaSets the ReplicaSets of the namespace (those the Deployment does not own are ignored)
     * @param pods the pods of the namespace
     * @param port the port of the pods' token check endpoint
     */
    public static Selection select(Deployment deployment, Collection<ReplicaSet> replicaSets,
                                   Collection<io.fabric8.kubernetes.api.model.Pod> pods, int port) {
        if (deployment == null) {
            return Selection.none("the Deployment does not exist");
        }
        Long generation = deployment.getMetadata().getGeneration();
        Long observed = deployment.getStatus() == null ? null : deployment.getStatus().getObservedGeneration();
        if (generation != null && (observed == null || observed < generation)) {
            return Selection.hold("the Deployment controller has not observed generation " + generation + " yet");
        }
        String revision = annotation(deployment, REVISION);
        if (revision == null) {
            return Selection.none("the Deployment has no " + REVISION + " annotation yet");
        }
        Optional<ReplicaSet> current = replicaSets.stream()
                .filter(rs -> ownedBy(rs, deployment))
                .filter(rs -> revision.equals(annotation(rs, REVISION)))
                .max(Comparator.comparing((ReplicaSet rs) -> nullToEmpty(rs.getMetadata().getCreationTimestamp()))
                        .thenComparing(rs -> rs.getMetadata().getName()));
        if (current.isEmpty()) {
            return Selection.none("no ReplicaSet of the Deployment has revision " + revision);
        }
        String hash = templateHash(current.get());
        List<Pod> selected = pods.stream()
                .filter(pod -> hash.equals(label(pod, TEMPLATE_HASH)))
                .filter(PodSelection::isServing)
                .map(pod -> new Pod(pod.getMetadata().getName(), pod.getStatus().getPodIP(), port))
                .sorted(Comparator.comparing(Pod::name))
                .toList();
        return new Selection(selected, null);
    }

    /** Running, Ready, not being deleted, and with an IP. */
    static boolean isServing(io.fabric8.kubernetes.api.model.Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
            return false;
        }
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
     * @param pods the pods to check, sorted by name
     * @param problem why there are none (or why the current set is kept), or null
     * @param hold true when the state is in flux and the current pod set must be kept as it is
     */
    public record Selection(List<Pod> pods, String problem, boolean hold) {

        public Selection(List<Pod> pods, String problem) {
            this(pods, problem, false);
        }

        static Selection none(String problem) {
            return new Selection(List.of(), problem, false);
        }

        static Selection hold(String reason) {
            return new Selection(List.of(), reason, true);
        }
    }
}
