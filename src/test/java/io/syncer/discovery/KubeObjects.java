package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;

/** Builders for the Deployment, ReplicaSets and pods of a gateway, as Kubernetes' controllers would make them. */
final class KubeObjects {

    static final String NAMESPACE = "gateway";
    static final String DEPLOYMENT = "apigw";

    private KubeObjects() {
    }

    static Deployment deployment(String uid, String revision) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(DEPLOYMENT).withNamespace(NAMESPACE).withUid(uid)
                .addToAnnotations(PodSelection.REVISION, revision).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", DEPLOYMENT).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", DEPLOYMENT).endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec()
                .build();
    }

    static ReplicaSet replicaSet(String hash, String revision, String ownerUid, String createdAt) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withName(DEPLOYMENT + "-" + hash).withNamespace(NAMESPACE)
                .withCreationTimestamp(createdAt)
                .addToLabels("app", DEPLOYMENT).addToLabels(PodSelection.TEMPLATE_HASH, hash)
                .addToAnnotations(PodSelection.REVISION, revision)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName(DEPLOYMENT)
                .withUid(ownerUid).withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", DEPLOYMENT).endSelector().endSpec()
                .build();
    }

    /** A Running, Ready pod of the ReplicaSet with {@code hash}. */
    static Pod pod(String hash, String suffix, String ip) {
        return new PodBuilder()
                .withNewMetadata().withName(DEPLOYMENT + "-" + hash + "-" + suffix).withNamespace(NAMESPACE)
                .addToLabels("app", DEPLOYMENT).addToLabels(PodSelection.TEMPLATE_HASH, hash).endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx").endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus()
                .build();
    }

    static Pod notReady(Pod pod) {
        return new PodBuilder(pod).editStatus().withConditions().addNewCondition().withType("Ready").withStatus("False")
                .endCondition().endStatus().build();
    }
}
