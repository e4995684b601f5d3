package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;

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

    /** Plays the Deployment controller: marks the Deployment's current generation as observed. */
    static Deployment observe(KubernetesClient client) {
        Deployment current = client.apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).get();
        return client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder(current)
                .editOrNewStatus().withObservedGeneration(current.getMetadata().getGeneration()).endStatus().build()).updateStatus();
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

    /** One endpoint of the gateway Service's slices, as the EndpointSlice controller writes it. */
    static Endpoint endpoint(String podName, String ip, boolean ready, boolean serving, boolean terminating) {
        return new EndpointBuilder().withAddresses(ip)
                .withNewConditions().withReady(ready).withServing(serving).withTerminating(terminating).endConditions()
                .withNewTargetRef().withKind("Pod").withName(podName).withNamespace(NAMESPACE).endTargetRef()
                .build();
    }

    /** The gateway Service, selecting the Deployment's pods. */
    static Service service(String name) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().addToSelector("app", DEPLOYMENT).addNewPort().withName("http").withPort(8080).endPort().endSpec()
                .build();
    }

    static EndpointSlice slice(String name, String service, List<Endpoint> endpoints) {
        return new EndpointSliceBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .addToLabels(EndpointSliceSource.SERVICE_NAME_LABEL, service).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
                .addNewPort().withName("api").withPort(8081).withProtocol("TCP").endPort()
                .withEndpoints(endpoints)
                .build();
    }

    static Pod notReady(Pod pod) {
        return new PodBuilder(pod).editStatus().withConditions().addNewCondition().withType("Ready").withStatus("False")
                .endCondition().endStatus().build();
    }
}
