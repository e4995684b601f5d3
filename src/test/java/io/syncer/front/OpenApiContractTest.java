package io.syncer.front;

import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real responses validated against src/main/resources/openapi.yaml, so the document cannot drift from the code. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpenApiContractTest {

    private static final String TOKEN = "contract-token";

    private SyncerFixture syncer;
    private ResponseValidator validator;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        syncer = SyncerFixture.start(vertx, 3, TestMetrics.create(), config -> config.getJsonObject("check").put("deadlineMs", 300));
        OpenAPIContract contract = await(OpenAPIContract.from(vertx, "src/main/resources/openapi.yaml"));
        validator = ResponseValidator.create(vertx, contract);
    }

    @Test
    void syncedPartialyWithDetailAndTimeoutMatchTheContract() throws Exception {
        syncer.pods.get(0).learn(TOKEN);
        validate("getSynced", await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", TOKEN).send()));
        validate("getSynced", await(syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", TOKEN)
                .putHeader("X-Origin", "gw-b").send()));
        syncer.pods.get(2).hang();
        validate("getSynced", await(syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", TOKEN).send()));
    }

    @Test
    void errorsMatchTheContract() throws Exception {
        HttpResponse<Buffer> missing = await(syncer.client.get("/v1/synced").send());
        assertEquals(400, missing.statusCode());
        validate("getSynced", missing);
        HttpResponse<Buffer> wrongMethod = await(syncer.client.request(HttpMethod.DELETE, "/v1/synced").send());
        assertEquals(405, wrongMethod.statusCode());
        validate("getSynced", wrongMethod);
    }

    @Test
    void healthMetricsAndTheDocumentItselfMatchTheContract() throws Exception {
        validate("getLive", await(syncer.client.get("/health/live").send()));
        validate("getReady", await(syncer.client.get("/health/ready").send()));
        validate("getMetrics", await(syncer.client.get("/metrics").send()));
        HttpResponse<Buffer> document = await(syncer.client.get("/openapi.yaml").send());
        assertEquals(200, document.statusCode());
        assertEquals("application/yaml", document.getHeader("Content-Type"));
        assertEquals(Files.readString(Path.of("src/main/resources/openapi.yaml")), document.bodyAsString());
    }

    @Test
    void theValidatorRejectsAResponseThatBreaksTheContract() {
        ValidatableResponse drifted = ValidatableResponse.create(200,
                Buffer.buffer("{\"status\":\"Synchronised\",\"pods\":1,\"synced\":1,\"elapsedMs\":1}"), "application/json");
        assertThrows(ExecutionException.class, () -> await(validator.validate(drifted, "getSynced")));
    }

    @Test
    void everyOperationInEveryStatusItAnswersMatchesTheServedContract(Vertx vertx, @TempDir Path dir) throws Exception {
        HttpResponse<Buffer> document = await(syncer.client.get("/openapi.yaml").send());
        Path served = dir.resolve("served-openapi.yaml");
        Files.write(served, document.body().getBytes());
        OpenAPIContract contract = await(OpenAPIContract.from(vertx, served.toString()));
        ResponseValidator served200 = ResponseValidator.create(vertx, contract);
        java.util.Map<String, java.util.Set<Integer>> seen = new java.util.TreeMap<>();

        // verdicts, detail, quorum, errors
        syncer.pods.get(0).learn(TOKEN);
        syncer.pods.get(1).learn(TOKEN);
        syncer.pods.get(2).learn(TOKEN);
        check(served200, seen, "getSynced", syncer.client.get("/v1/synced").putHeader("X-Auth-Token", TOKEN), 200);
        check(served200, seen, "getSynced", syncer.client.get("/v1/synced?min=2&detail=true").putHeader("X-Auth-Token", TOKEN), 200);
        check(served200, seen, "getSynced", syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", "nobody-knows"), 200);
        syncer.pods.get(2).respondWith(500);
        check(served200, seen, "getSynced", syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", TOKEN), 200);
        syncer.pods.get(2).respondWith(0);
        syncer.pods.get(2).hang();
        check(served200, seen, "getSynced", syncer.client.get("/v1/synced?detail=true&expect=absent").putHeader("X-Auth-Token", TOKEN), 200);
        check(served200, seen, "getSynced", syncer.client.get("/v1/synced"), 400);
        check(served200, seen, "getSynced", syncer.client.get("/v1/synced?min=zero").putHeader("X-Auth-Token", TOKEN), 400);
        check(served200, seen, "getSynced", syncer.client.request(HttpMethod.DELETE, "/v1/synced").putHeader("X-Auth-Token", TOKEN), 405);
        check(served200, seen, "getPropagation", syncer.client.get("/v1/propagation"), 200);
        check(served200, seen, "getStatus", syncer.client.get("/v1/status"), 200);
        check(served200, seen, "getLive", syncer.client.get("/health/live"), 200);
        check(served200, seen, "getReady", syncer.client.get("/health/ready"), 200);
        check(served200, seen, "getMetrics", syncer.client.get("/metrics"), 200);

        // refused beyond check.maxInFlight; readiness DOWN while draining
        Vertx busyVertx = Vertx.vertx();
        try {
            SyncerFixture busy = SyncerFixture.start(busyVertx, vertx, 2, TestMetrics.create(), config -> config.getJsonObject("check")
                    .put("maxInFlight", 1));
            busy.pods.get(0).hang();
            io.vertx.core.Future<HttpResponse<Buffer>> running = busy.client.get("/v1/synced?deadlineMs=1500").putHeader("X-Auth-Token", TOKEN).send();
            io.syncer.testing.Await.until(() -> busy.pods.get(0).requests() == 1, 5_000);
            check(served200, seen, "getSynced", busy.client.get("/v1/synced").putHeader("X-Auth-Token", TOKEN), 503);
            await(running);
            await(busyVertx.eventBus().request(io.syncer.bus.Addresses.DRAIN, null));
            check(served200, seen, "getReady", busy.client.get("/health/ready"), 503);
            check(served200, seen, "getStatus", busy.client.get("/v1/status"), 200);
        } finally {
            await(busyVertx.close());
        }

        // caller authentication: 401 on every protected operation, the health endpoints exempt
        Path secret = dir.resolve("callers");
        Files.writeString(secret, "callers-secret");
        Vertx other = Vertx.vertx();
        try {
            SyncerFixture guarded = SyncerFixture.start(other, 1, TestMetrics.create(), config -> config.getJsonObject("http")
                    .put("auth", new JsonObject().put("tokenFile", secret.toString())));
            for (String[] operation : new String[][] {{"getSynced", "/v1/synced"}, {"getPropagation", "/v1/propagation"},
                    {"getStatus", "/v1/status"}, {"getMetrics", "/metrics"}}) {
                check(served200, seen, operation[0], guarded.client.get(operation[1]).putHeader("X-Auth-Token", TOKEN), 401);
            }
            check(served200, seen, "getSynced", guarded.client.get("/v1/synced").putHeader("X-Auth-Token", TOKEN)
                    .putHeader("Authorization", "Bearer callers-secret"), 200);
            check(served200, seen, "getLive", guarded.client.get("/health/live"), 200);
        } finally {
            await(other.close());
        }

        java.util.Set<String> operations = new java.util.TreeSet<>();
        contract.getPaths().forEach(path -> path.getOperations().forEach(operation -> operations.add(operation.getOperationId())));
        assertEquals(operations, seen.keySet(), "every operation of the contract was exercised");
        for (String operation : operations) {
            java.util.Set<Integer> documented = new java.util.TreeSet<>();
            contract.operation(operation).getResponse(200); // the operation exists
            for (int status : List.of(200, 400, 401, 405, 503)) {
                if (contract.operation(operation).getResponse(status) != null) {
                    documented.add(status);
                }
            }
            assertTrue(documented.containsAll(seen.get(operation)), operation + ": answered " + seen.get(operation) + ", documented " + documented);
        }
        assertEquals(java.util.Set.of(200, 400, 401, 405, 503), seen.get("getSynced"));
    }

    @Test
    void theTokenHeaderSchemaAcceptsWhatSyncerAcceptsAndRejectsABlankOrAControlCharacter(Vertx vertx) throws Exception {
        OpenAPIContract contract = await(OpenAPIContract.from(vertx, "src/main/resources/openapi.yaml"));
        io.vertx.openapi.contract.Parameter header = contract.operation("getSynced").getParameters().stream()
                .filter(parameter -> parameter.getName().equals("X-Auth-Token")).findFirst().orElseThrow();
        io.vertx.json.schema.Validator schema = io.vertx.json.schema.Validator.create(header.getSchema(),
                new io.vertx.json.schema.JsonSchemaOptions().setDraft(io.vertx.json.schema.Draft.DRAFT202012).setBaseUri("app:///"));
        for (String accepted : List.of("abc", "a+b/c=d token", "eyJhbGciOiJSUzI1NiJ9.x-y_z")) {
            assertTrue(schema.validate(accepted).getValid(), "schema-valid: '" + accepted + "'");
            assertEquals(200, await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", accepted).send()).statusCode(), accepted);
        }
        for (String refused : List.of("", "   ", "tab\tinside", "nul\u0000")) {
            assertFalse(schema.validate(refused).getValid(), "schema-invalid: '" + refused + "'");
        }
    }

    @Test
    void everySchemaUsesOnlyJsonSchemaKeywordsSoNoDescriptionWasCutIntoAJunkKey() throws Exception {
        Object document = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of("src/main/resources/openapi.yaml")));
        List<String> problems = new java.util.ArrayList<>();
        walk(document, "", problems);
        assertEquals(List.of(), problems, "a key that is no JSON Schema keyword: a description cut at a comma in a flow map?");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDocumentNamesExactlyThePodErrorsSyncerHas() throws Exception {
        java.util.Map<String, Object> document = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of("src/main/resources/openapi.yaml")));
        java.util.Map<String, Object> podResult = (java.util.Map<String, Object>) ((java.util.Map<String, Object>) ((java.util.Map<String, Object>)
                document.get("components")).get("schemas")).get("PodResult");
        java.util.Map<String, Object> error = (java.util.Map<String, Object>) ((java.util.Map<String, Object>) podResult.get("properties")).get("error");
        assertEquals(java.util.Arrays.stream(io.syncer.model.PodError.values()).map(io.syncer.model.PodError::wireName).sorted().toList(),
                ((List<String>) error.get("enum")).stream().sorted().toList());
    }

    private static final java.util.Set<String> SCHEMA_KEYWORDS = java.util.Set.of("$ref", "$id", "$schema", "$defs", "$comment",
            "type", "enum", "const", "format", "description", "title", "default", "examples", "example", "deprecated", "readOnly",
            "writeOnly", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
            "pattern", "items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains", "properties", "required",
            "additionalProperties", "patternProperties", "propertyNames", "minProperties", "maxProperties", "allOf", "anyOf",
            "oneOf", "not", "if", "then", "else", "dependentRequired", "dependentSchemas", "discriminator", "xml", "externalDocs",
            "contentMediaType", "contentEncoding");

    @SuppressWarnings("unchecked")
    private static void walk(Object node, String path, List<String> problems) {
        if (node instanceof java.util.Map<?, ?> map) {
            map.forEach((key, value) -> {
                String at = path + "/" + key;
                if (key.equals("schema") || (path.endsWith("/components/schemas"))) {
                    schema(value, at, problems);
                } else {
                    walk(value, at, problems);
                }
            });
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "/" + i, problems);
            }
        }
    }

    private static void schema(Object node, String path, List<String> problems) {
        if (!(node instanceof java.util.Map<?, ?> schema)) {
            return;
        }
        schema.forEach((key, value) -> {
            String keyword = String.valueOf(key);
            if (!SCHEMA_KEYWORDS.contains(keyword) && !keyword.startsWith("x-")) {
                problems.add(path + ": '" + keyword + "'");
            }
            switch (keyword) {
                case "properties", "patternProperties", "$defs", "dependentSchemas" -> {
                    if (value instanceof java.util.Map<?, ?> properties) {
                        properties.forEach((name, property) -> schema(property, path + "/" + keyword + "/" + name, problems));
                    }
                }
                case "items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames" ->
                        schema(value, path + "/" + keyword, problems);
                case "allOf", "anyOf", "oneOf", "prefixItems" -> {
                    if (value instanceof List<?> list) {
                        for (int i = 0; i < list.size(); i++) {
                            schema(list.get(i), path + "/" + keyword + "/" + i, problems);
                        }
                    }
                }
                default -> { }
            }
        });
    }

    private static void check(ResponseValidator validator, java.util.Map<String, java.util.Set<Integer>> seen, String operation,
                              io.vertx.ext.web.client.HttpRequest<Buffer> request, int expectedStatus) throws Exception {
        HttpResponse<Buffer> response = await(request.send());
        assertEquals(expectedStatus, response.statusCode(), operation + ": " + response.bodyAsString());
        String contentType = response.getHeader("Content-Type");
        ValidatableResponse validatable = ValidatableResponse.create(response.statusCode(),
                response.body() == null ? Buffer.buffer() : response.body(), contentType == null ? null : contentType.split(";")[0].trim());
        try {
            await(validator.validate(validatable, operation));
        } catch (ExecutionException e) {
            throw new AssertionError(operation + " " + response.statusCode() + " breaks the served contract: " + e.getCause().getMessage()
                    + "\n" + response.bodyAsString(), e);
        }
        seen.computeIfAbsent(operation, key -> new java.util.TreeSet<>()).add(response.statusCode());
    }

    private void validate(String operation, HttpResponse<Buffer> response) throws Exception {
        String contentType = response.getHeader("Content-Type");
        ValidatableResponse validatable = ValidatableResponse.create(response.statusCode(), response.body(),
                contentType.split(";")[0].trim());
        await(validator.validate(validatable, operation));
    }
}
