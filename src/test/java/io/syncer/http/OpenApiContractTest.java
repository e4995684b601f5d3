package io.syncer.http;

import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Real responses validated against src/main/resources/openapi.yaml, so the document cannot drift from the code. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
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
    void everyVerdictAndTheDetailFormMatchTheContract() throws Exception {
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

    private void validate(String operation, HttpResponse<Buffer> response) throws Exception {
        String contentType = response.getHeader("Content-Type");
        ValidatableResponse validatable = ValidatableResponse.create(response.statusCode(), response.body(),
                contentType.split(";")[0].trim());
        await(validator.validate(validatable, operation));
    }
}
