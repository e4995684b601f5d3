package io.syncer.config;

import io.syncer.model.Pod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncerConfigTest {

    private static JsonObject kubernetes() {
        return new JsonObject().put("discovery", new JsonObject().put("kubernetes", new JsonObject().put("deployment", "apigw")));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        SyncerConfig config = SyncerConfig.fromJson(kubernetes());
        assertEquals("0.0.0.0", config.http().host());
        assertEquals(8080, config.http().port());
        assertEquals("X-Auth-Token", config.http().tokenHeader());
        assertEquals("X-Origin", config.http().originHeader());
        assertEquals(DiscoveryConfig.Mode.KUBERNETES, config.discovery().mode());
        assertNull(config.discovery().kubernetes().namespace());
        assertEquals("apigw", config.discovery().kubernetes().deployment());
        CheckConfig check = config.check();
        assertEquals(2000, check.deadlines().deadlineMs());
        assertEquals(3, check.retries().attempts());
        assertEquals(100, check.retries().retryDelayMs());
        assertEquals(2, check.minPods());
        assertEquals(io.syncer.config.PodProbeConfig.Scheme.HTTP, check.pod().scheme());
        assertEquals(8080, check.pod().port());
        assertEquals("/", check.pod().request().path());
        assertEquals("Authorization", check.pod().request().tokenHeader());
        assertEquals("Bearer ", check.pod().request().tokenPrefix());
        assertFalse(check.pod().tlsTrustAll());
    }

    @Test
    void groupedKeysStayInTheirSectionOfTheEffectiveConfig() {
        SyncerConfig config = SyncerConfig.fromJson(kubernetes().put("http", new JsonObject().put("idleTimeoutMs", 5_000))
                .put("check", new JsonObject().put("pod", new JsonObject().put("maxWaitQueue", 7)).put("maxDeadlineMs", 20_000)
                        .put("backoff", new JsonObject().put("multiplier", 3.0))));
        assertEquals(5_000, config.http().connections().idleTimeoutMs());
        assertEquals(7, config.check().pod().pool().maxWaitQueue());
        assertEquals(20_000, config.check().deadlines().maxDeadlineMs());
        assertEquals(3.0, config.check().retries().backoff().multiplier());
        JsonObject effective = config.toJson();
        assertEquals(5_000, effective.getJsonObject("http").getInteger("idleTimeoutMs"), "a group's keys are the section's: " + effective);
        assertNull(effective.getJsonObject("http").getValue("connections"), "no section of its own");
        assertEquals(7, effective.getJsonObject("check").getJsonObject("pod").getInteger("maxWaitQueue"));
        assertEquals(1, effective.getJsonObject("cluster").getInteger("heartbeatIntervalSeconds"));
        JsonObject check = effective.getJsonObject("check");
        assertEquals(20_000, check.getInteger("maxDeadlineMs"), effective.encode());
        assertEquals(3.0, check.getJsonObject("backoff").getDouble("multiplier"), "a section inside a group stays a section");
        assertNull(check.getValue("deadlines"));
        assertNull(check.getValue("retries"));
        assertEquals("Authorization", check.getJsonObject("pod").getString("tokenHeader"));
        assertNull(check.getJsonObject("pod").getValue("request"));
        assertEquals(config, SyncerConfig.fromJson(effective));
    }

    @Test
    void theEffectiveConfigIsAValidConfigFileWithTheSameMeaning() {
        SyncerConfig config = SyncerConfig.fromJson(kubernetes()
                .put("http", new JsonObject().put("tls", new JsonObject().put("certFile", "/c.pem").put("keyFile", "/k.pem")
                        .put("clientCaFile", "/ca.pem")))
                .put("check", new JsonObject().put("pod", new JsonObject().put("scheme", "https")
                        .put("tls", new JsonObject().put("caFile", "/pods-ca.pem")))));
        JsonObject effective = config.toJson();
        assertEquals("/ca.pem", effective.getJsonObject("http").getJsonObject("tls").getString("clientCaFile"), effective.encode());
        assertEquals(config, SyncerConfig.fromJson(effective), "read back: " + effective.encode());
    }

    @Test
    void kubernetesModeNeedsADeployment() {
        assertProblem(new JsonObject(), "discovery.kubernetes.deployment: is required and must not be blank");
    }

    @Test
    void staticModeNeedsPodsWithValidAddresses() {
        JsonObject discovery = new JsonObject().put("mode", "static");
        assertProblem(new JsonObject().put("discovery", discovery), "discovery.static: must list at least one pod");
        discovery.put("static", new JsonArray().add(new JsonObject().put("name", "a").put("address", "10.0.0.1")));
        assertProblem(new JsonObject().put("discovery", discovery), "discovery.static[0].address: address must be host:port");
        discovery.put("static", new JsonArray().add(new JsonObject().put("name", "a").put("address", "10.0.0.1:x")));
        assertProblem(new JsonObject().put("discovery", discovery), "discovery.static[0].address: port is not a number");
        discovery.put("static", new JsonArray()
                .add(new JsonObject().put("name", "a").put("address", "10.0.0.1:80"))
                .add(new JsonObject().put("name", "a").put("address", "10.0.0.2:80")));
        assertProblem(new JsonObject().put("discovery", discovery), "discovery.static[1].name: duplicate pod name 'a'");
    }

    @Test
    void staticPodsParseIpv6AndDefaultTheirNameToTheAddress() {
        JsonObject json = new JsonObject().put("discovery", new JsonObject().put("mode", "static").put("static", new JsonArray()
                .add(new JsonObject().put("address", "[fd00::1]:8080"))));
        Pod pod = SyncerConfig.fromJson(json).discovery().staticPods().get(0);
        assertEquals("fd00::1", pod.host());
        assertEquals("[fd00::1]:8080", pod.name());
        assertEquals("[fd00::1]:8080", pod.address());
    }

    @Test
    void wrongValuesNameTheKeyAndTheValue() {
        assertProblem(kubernetes().put("check", new JsonObject().put("deadlineMs", 0)), "check.deadlineMs: must be between 1 and 600000, got 0");
        assertProblem(kubernetes().put("check", new JsonObject().put("attempts", "many")), "check.attempts: must be a whole number, got 'many'");
        assertProblem(kubernetes().put("check", new JsonObject().put("attempts", 1.5)), "check.attempts: must be a whole number, got 1.5");
        assertProblem(kubernetes().put("http", new JsonObject().put("port", 70000)), "http.port: must be between 0 and 65535, got 70000");
        assertProblem(kubernetes().put("check", new JsonObject().put("pod", new JsonObject().put("scheme", "ftp"))),
                "check.pod.scheme: must be http or https, got 'ftp'");
        assertProblem(kubernetes().put("check", new JsonObject().put("pod", new JsonObject().put("path", "health"))),
                "check.pod.path: must start with '/'");
        assertProblem(kubernetes().put("discovery", new JsonObject().put("mode", "consul")), "discovery.mode: must be kubernetes or static, got 'consul'");
        assertProblem(kubernetes().put("http", "8080"), "http: must be an object, got '8080'");
        assertProblem(kubernetes().put("check", new JsonObject().put("pod", new JsonObject()
                .put("tls", new JsonObject().put("keyLogFile", "/tmp/keys.log")))), "check.pod.tls.keyLogFile: needs check.pod.scheme https");
    }

    @Test
    void anUnknownKeyIsAnErrorNotASilentDefault() {
        assertProblem(kubernetes().put("check", new JsonObject().put("deadline", 5)), "check.deadline: unknown key");
    }

    @Test
    void environmentVariablesOverrideTheFile() {
        JsonObject file = kubernetes().put("check", new JsonObject().put("deadlineMs", 500));
        Map<String, String> env = Map.of(
                "SYNCER_CHECK_DEADLINE_MS", "750",
                "SYNCER_CHECK_POD_TOKEN_HEADER", "X-Token",
                "SYNCER_HTTP_PORT", "9090",
                "SYNCER_DISCOVERY_KUBERNETES_NAMESPACE", "gateway",
                "UNRELATED", "x");
        SyncerConfig config = SyncerConfig.fromJson(EnvOverrides.apply(file, env));
        assertEquals(750, config.check().deadlines().deadlineMs());
        assertEquals("X-Token", config.check().pod().request().tokenHeader());
        assertEquals(9090, config.http().port());
        assertEquals("gateway", config.discovery().kubernetes().namespace());
    }

    @Test
    void staticPodsFromTheEnvironment() {
        Map<String, String> env = Map.of("SYNCER_DISCOVERY_MODE", "static",
                "SYNCER_DISCOVERY_STATIC", "a=127.0.0.1:8081, b=127.0.0.1:8082");
        List<Pod> pods = SyncerConfig.fromJson(EnvOverrides.apply(new JsonObject(), env)).discovery().staticPods();
        assertEquals(List.of(Pod.of("a", "127.0.0.1:8081"), Pod.of("b", "127.0.0.1:8082")), pods);
        env = Map.of("SYNCER_DISCOVERY_MODE", "static", "SYNCER_DISCOVERY_STATIC", "[{\"name\":\"c\",\"address\":\"10.0.0.3:80\"}]");
        assertEquals("c", SyncerConfig.fromJson(EnvOverrides.apply(new JsonObject(), env)).discovery().staticPods().get(0).name());
    }

    @Test
    void aBadEnvironmentValueNamesTheKey() {
        assertProblem(EnvOverrides.apply(kubernetes(), Map.of("SYNCER_CHECK_ATTEMPTS", "three")), "check.attempts: must be a whole number, got 'three'");
    }

    @Test
    void variableNamesFollowTheDocumentedMapping() {
        assertEquals("SYNCER_CHECK_DEADLINE_MS", EnvOverrides.variableName("check.deadlineMs"));
        assertEquals("SYNCER_CHECK_POD_TOKEN_PREFIX", EnvOverrides.variableName("check.pod.tokenPrefix"));
        assertEquals("SYNCER_DISCOVERY_KUBERNETES_DEPLOYMENT", EnvOverrides.variableName("discovery.kubernetes.deployment"));
    }

    private static void assertProblem(JsonObject json, String expectedStart) {
        ConfigException error = assertThrows(ConfigException.class, () -> SyncerConfig.fromJson(json));
        if (!error.getMessage().startsWith(expectedStart)) {
            throw new AssertionError("expected a message starting with <" + expectedStart + "> but was <" + error.getMessage() + ">");
        }
    }

    @Test
    void everyDeclaredKeyIsDocumentedWithItsVariableAndOverridable() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        for (ConfigParameter<?> parameter : ConfigKeys.ALL) {
            assertTrue(readme.contains("| `" + parameter.key() + "` |"), parameter.key() + " is in the README's table");
            assertTrue(readme.contains("`" + parameter.environmentVariable() + "`"), parameter.environmentVariable() + " is in the README");
        }
        JsonObject overridden = EnvOverrides.apply(new JsonObject(), Map.of(ConfigKeys.POD_MAX_CONNECTIONS.environmentVariable(), "7"));
        assertEquals("7", overridden.getJsonObject("check").getJsonObject("pod").getString("maxConnections"));
    }
}
