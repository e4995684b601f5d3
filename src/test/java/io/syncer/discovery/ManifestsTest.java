package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.syncer.config.KubernetesDiscoveryConfig;
import io.syncer.config.SyncerConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The k8s/ manifests parse as Kubernetes objects and fit together and with the code. */
@ExtendWith(VertxExtension.class)
class ManifestsTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Path BASE = Path.of("k8s", "base");

    @Test
    void eachRoleGrantsExactlyWhatItsSourceWatchesReadOnly() throws IOException {
        assertEquals(Set.copyOf(EndpointSliceSource.WATCHED_RESOURCES), granted(load("role.yaml", Role.class)),
                "the base (service source)");
        Role overlay;
        try (InputStream in = Files.newInputStream(Path.of("k8s/overlays/deployment-source/role.yaml"))) {
            overlay = SERIALIZATION.unmarshal(in, Role.class);
        }
        assertEquals(Set.copyOf(DeploymentSource.WATCHED_RESOURCES), granted(overlay), "the deployment-source overlay");
    }

    private static Set<String> granted(Role role) {
        Set<String> granted = new HashSet<>();
        for (PolicyRule rule : role.getRules()) {
            assertEquals(Set.of("get", "list", "watch"), Set.copyOf(rule.getVerbs()), "verbs of " + rule);
            assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty());
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    granted.add(group + "/" + resource);
                }
            }
        }
        return granted;
    }

    @Test
    void theRoleIsBoundToTheServiceAccountTheDeploymentRunsAs() throws IOException {
        RoleBinding binding = load("rolebinding.yaml", RoleBinding.class);
        ServiceAccount account = load("serviceaccount.yaml", ServiceAccount.class);
        Deployment deployment = load("deployment.yaml", Deployment.class);
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals(load("role.yaml", Role.class).getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals(account.getMetadata().getName(), binding.getSubjects().get(0).getName());
        assertEquals(account.getMetadata().getName(), deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
    }

    @Test
    void theConfigMapHoldsAValidConfigThatTheDeploymentMountsAndServes() throws IOException {
        ConfigMap configMap = load("configmap.yaml", ConfigMap.class);
        Map<String, Object> yaml = SERIALIZATION.unmarshal(configMap.getData().get("config.yaml"), Map.class);
        SyncerConfig config = SyncerConfig.fromJson(new JsonObject(yaml));
        assertEquals(KubernetesDiscoveryConfig.Source.SERVICE, config.discovery().kubernetes().source());
        assertEquals("ng-plus-apigw", config.discovery().kubernetes().service());
        ConfigMap overlay;
        try (InputStream in = Files.newInputStream(Path.of("k8s/overlays/deployment-source/configmap.yaml"))) {
            overlay = SERIALIZATION.unmarshal(in, ConfigMap.class);
        }
        SyncerConfig original = SyncerConfig.fromJson(new JsonObject(
                SERIALIZATION.unmarshal(overlay.getData().get("config.yaml"), Map.class)));
        assertEquals(KubernetesDiscoveryConfig.Source.DEPLOYMENT, original.discovery().kubernetes().source());
        assertEquals("ng-plus-apigw", original.discovery().kubernetes().deployment());

        Deployment deployment = load("deployment.yaml", Deployment.class);
        var podSpec = deployment.getSpec().getTemplate().getSpec();
        assertEquals(configMap.getMetadata().getName(), podSpec.getVolumes().get(0).getConfigMap().getName());
        var container = podSpec.getContainers().get(0);
        String mountPath = container.getVolumeMounts().get(0).getMountPath();
        assertEquals(List.of("--conf", mountPath + "/config.yaml"), container.getArgs());
        ContainerPort port = container.getPorts().get(0);
        assertEquals(config.http().port(), port.getContainerPort());

        Service service = load("service.yaml", Service.class);
        assertEquals(port.getName(), service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals(deployment.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector());
    }

    @Test
    void theKustomizationListsEveryManifest() throws IOException {
        Map<String, Object> kustomization = SERIALIZATION.unmarshal(Files.readString(BASE.resolve("kustomization.yaml")), Map.class);
        List<?> resources = (List<?>) kustomization.get("resources");
        Set<String> manifests = new HashSet<>();
        try (var files = Files.list(BASE)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .forEach(manifests::add);
        }
        assertEquals(manifests, Set.copyOf(resources.stream().map(String::valueOf).toList()));
    }

    @Test
    void kubectlKustomizeRendersTheBaseAndTheOverlay() throws Exception {
        List<HasMetadata> base = kustomize("k8s/");
        assertEquals(Set.of("ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Deployment", "Service",
                "PodDisruptionBudget", "NetworkPolicy"), Set.copyOf(base.stream().map(HasMetadata::getKind).toList()));
        assertEquals(8, base.size());
        List<HasMetadata> overlay = kustomize("k8s/overlays/deployment-source");
        Role role = (Role) overlay.stream().filter(r -> r instanceof Role).findFirst().orElseThrow();
        assertEquals(Set.copyOf(DeploymentSource.WATCHED_RESOURCES), granted(role));
        ConfigMap configMap = (ConfigMap) overlay.stream().filter(r -> r instanceof ConfigMap).findFirst().orElseThrow();
        assertTrue(configMap.getData().get("config.yaml").contains("source: deployment"));
    }

    @Test
    void theClusterOverlayRendersAHeadlessServiceAClusteredConfigAndTheBaseRole() throws Exception {
        List<HasMetadata> base = kustomize("k8s/");
        List<HasMetadata> cluster = kustomize("k8s/overlays/cluster");
        Service headless = (Service) cluster.stream().filter(r -> r instanceof Service && "None".equals(((Service) r).getSpec().getClusterIP()))
                .findFirst().orElseThrow();
        assertTrue(headless.getSpec().getPublishNotReadyAddresses(), "members find each other before they are ready");
        ConfigMap configMap = (ConfigMap) cluster.stream().filter(r -> r instanceof ConfigMap).findFirst().orElseThrow();
        SyncerConfig config = SyncerConfig.fromJson(new JsonObject(SERIALIZATION.unmarshal(configMap.getData().get("config.yaml"), Map.class)));
        assertTrue(config.cluster().enabled());
        assertEquals(headless.getMetadata().getName(), config.cluster().kubernetesService());
        assertEquals(config.cluster().port(), headless.getSpec().getPorts().get(0).getPort());
        Deployment deployment = (Deployment) cluster.stream().filter(r -> r instanceof Deployment).findFirst().orElseThrow();
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("status.podIP", container.getEnv().stream().filter(e -> e.getName().equals("SYNCER_CLUSTER_HOST")).findFirst()
                .orElseThrow().getValueFrom().getFieldRef().getFieldPath(), "bound to the pod IP");
        assertEquals(Set.of(8080, config.cluster().port(), config.cluster().eventBusPort()),
                Set.copyOf(container.getPorts().stream().map(ContainerPort::getContainerPort).toList()));
        assertTrue(container.getEnv().stream().anyMatch(e -> e.getName().equals("JAVA_TOOL_OPTIONS")), "the base's env stays");
        Role role = (Role) cluster.stream().filter(r -> r instanceof Role).findFirst().orElseThrow();
        Role baseRole = (Role) base.stream().filter(r -> r instanceof Role).findFirst().orElseThrow();
        assertEquals(baseRole.getRules(), role.getRules(), "the Role is unchanged");
    }

    @Test
    void theTlsOverlayMountsTheSecretsItsConfigNamesAndProbesOverHttps() throws Exception {
        List<HasMetadata> tls = kustomize("k8s/overlays/tls");
        ConfigMap configMap = (ConfigMap) tls.stream().filter(r -> r instanceof ConfigMap).findFirst().orElseThrow();
        SyncerConfig config = SyncerConfig.fromJson(new JsonObject(SERIALIZATION.unmarshal(configMap.getData().get("config.yaml"), Map.class)));
        Deployment deployment = (Deployment) tls.stream().filter(r -> r instanceof Deployment).findFirst().orElseThrow();
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> mounts = container.getVolumeMounts().stream().map(m -> m.getMountPath()).toList();
        for (String file : List.of(config.http().tls().certFile(), config.http().tls().keyFile(), config.http().auth().tokenFile(),
                config.check().pod().tls().caFile())) {
            assertTrue(mounts.stream().anyMatch(mount -> file.startsWith(mount + "/")), file + " is in a mounted volume: " + mounts);
        }
        assertEquals(io.syncer.config.PodProbeConfig.Scheme.HTTPS, config.check().pod().scheme());
        assertEquals("HTTPS", container.getReadinessProbe().getHttpGet().getScheme());
        assertEquals("HTTPS", container.getLivenessProbe().getHttpGet().getScheme());
        assertTrue(config.http().auth().exempt().contains("/health/ready"), "the kubelet's probes need no secret");
    }

    @Test
    void noKustomizationFixesAUidGidOrFsGroupSoOpenShiftsRestrictedSccAdmitsThePods() throws Exception {
        List<String> kustomizations;
        try (var files = Files.walk(Path.of("k8s"))) {
            kustomizations = files.filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                    .map(f -> f.getParent().toString()).sorted().toList();
        }
        assertTrue(kustomizations.size() >= 5, "every kustomization: " + kustomizations);
        int deployments = 0;
        for (String dir : kustomizations) {
            for (HasMetadata resource : kustomize(dir)) {
                if (!(resource instanceof Deployment deployment)) {
                    continue;
                }
                deployments++;
                PodSpec pod = deployment.getSpec().getTemplate().getSpec();
                assertEquals(true, pod.getSecurityContext().getRunAsNonRoot(), dir + ": runAsNonRoot stays");
                assertEquals(null, pod.getSecurityContext().getRunAsUser(), dir + ": the pod fixes no UID");
                assertEquals(null, pod.getSecurityContext().getRunAsGroup(), dir + ": the pod fixes no GID");
                assertEquals(null, pod.getSecurityContext().getFsGroup(), dir + ": the pod fixes no fsGroup");
                for (Container container : pod.getContainers()) {
                    if (container.getSecurityContext() != null) {
                        assertEquals(null, container.getSecurityContext().getRunAsUser(), dir + ": " + container.getName());
                        assertEquals(null, container.getSecurityContext().getRunAsGroup(), dir + ": " + container.getName());
                    }
                }
            }
        }
        assertTrue(deployments >= 4, "the base and the overlays render a Deployment: " + deployments);
    }

    @Test
    void theImageRunsAsAnyUidInGroupZero() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        java.util.regex.Matcher user = java.util.regex.Pattern.compile("(?m)^USER (\\S+)$").matcher(dockerfile);
        assertTrue(user.find(), "a USER line");
        assertTrue(user.group(1).matches("\\d+(:0)?"), "a numeric USER (runAsNonRoot can check it), group 0 at most: " + user.group(1));
        assertTrue(dockerfile.contains("chgrp -R 0 /opt/syncer"), "the files belong to group 0");
        assertTrue(dockerfile.contains("chmod -R g=u /opt/syncer"), "with the group's permissions equal to the owner's");
        assertTrue(dockerfile.contains("--chown=10001:0"), "the jar is copied in group 0");
    }

    private static List<HasMetadata> kustomize(String dir) throws Exception {
        Path kubectl = Path.of("/usr/bin/kubectl");
        Assumptions.assumeTrue(Files.isExecutable(kubectl), "kubectl is not installed");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir).redirectErrorStream(true).start();
        String rendered = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), rendered);
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : rendered.split("(?m)^---$")) {
            resources.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
        }
        return resources;
    }

    @Test
    void theDeploymentRunsRestrictedWithResourcesAndScrapeAnnotations() throws IOException {
        Deployment deployment = load("deployment.yaml", Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(true, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        Container container = pod.getContainers().get(0);
        SecurityContext security = container.getSecurityContext();
        assertEquals(false, security.getAllowPrivilegeEscalation());
        assertEquals(true, security.getReadOnlyRootFilesystem());
        assertEquals(true, security.getRunAsNonRoot());
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
        assertTrue(security.getCapabilities().getAdd() == null || security.getCapabilities().getAdd().isEmpty());
        assertTrue(container.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
                "a writable /tmp under the read-only root filesystem");
        for (String kind : List.of("cpu", "memory")) {
            assertTrue(container.getResources().getRequests().containsKey(kind), "request " + kind);
            assertTrue(container.getResources().getLimits().containsKey(kind), "limit " + kind);
        }
        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals("/metrics", annotations.get("prometheus.io/path"));
        assertEquals(String.valueOf(container.getPorts().get(0).getContainerPort()), annotations.get("prometheus.io/port"));
    }

    @Test
    void theProbesPointAtEndpointsSyncerServes(Vertx vertx) throws Exception {
        Container container = load("deployment.yaml", Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        String portName = container.getPorts().get(0).getName();
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> { });
        for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
            assertEquals(portName, probe.getHttpGet().getPort().getStrVal());
            int status = SyncerFixture.await(syncer.client.get(probe.getHttpGet().getPath()).send()).statusCode();
            assertEquals(200, status, probe.getHttpGet().getPath());
        }
        assertEquals("/health/ready", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/health/live", container.getLivenessProbe().getHttpGet().getPath());
        assertEquals(200, SyncerFixture.await(syncer.client.get("/metrics").send()).statusCode());
    }

    @Test
    void aDisruptionBudgetKeepsOneSyncerAndTheNetworkPolicyAdmitsOnlyGatewayAndPrometheus() throws IOException {
        Deployment deployment = load("deployment.yaml", Deployment.class);
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        PodDisruptionBudget budget = load("poddisruptionbudget.yaml", PodDisruptionBudget.class);
        assertEquals(1, budget.getSpec().getMinAvailable().getIntVal());
        assertEquals(selector, budget.getSpec().getSelector().getMatchLabels());
        assertTrue(deployment.getSpec().getReplicas() > budget.getSpec().getMinAvailable().getIntVal());

        NetworkPolicy policy = load("networkpolicy.yaml", NetworkPolicy.class);
        assertEquals(selector, policy.getSpec().getPodSelector().getMatchLabels());
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
        assertEquals(1, policy.getSpec().getIngress().size());
        var peers = policy.getSpec().getIngress().get(0).getFrom();
        assertEquals(2, peers.size());
        assertEquals(Map.of("app", "ng-plus-apigw"), peers.get(0).getPodSelector().getMatchLabels());
        assertEquals(Map.of("app.kubernetes.io/name", "prometheus"), peers.get(1).getPodSelector().getMatchLabels());
        assertTrue(peers.get(1).getNamespaceSelector() != null, "Prometheus from its own namespace");
        assertEquals("http", policy.getSpec().getIngress().get(0).getPorts().get(0).getPort().getStrVal());
    }

    private static <T> T load(String file, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(BASE.resolve(file))) {
            return SERIALIZATION.unmarshal(in, type);
        }
    }
}
