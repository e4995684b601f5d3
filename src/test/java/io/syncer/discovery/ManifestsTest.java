package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.syncer.config.SyncerConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The k8s/ manifests parse as Kubernetes objects and fit together and with the code. */
class ManifestsTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Test
    void theRoleGrantsExactlyWhatTheScraperWatchesReadOnly() throws IOException {
        Role role = load("role.yaml", Role.class);
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
        assertEquals(Set.copyOf(ScraperVerticle.WATCHED_RESOURCES), granted);
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
        assertEquals("ng-plus-apigw", config.discovery().kubernetes().deployment());

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

    private static <T> T load(String file, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("k8s", file))) {
            return SERIALIZATION.unmarshal(in, type);
        }
    }
}
