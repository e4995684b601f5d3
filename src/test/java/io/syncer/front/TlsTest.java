package io.syncer.front;

import io.syncer.testing.Await;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS to the pods (CA, host names, expiry, client certificates), TLS on syncer's listener (reload, client certificates) and caller authentication, with certificates made at test time. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTest {

    /**
     * A CA valid until 2126 ({@code ca.pem}) and a pod key store ({@code pod.p12}, password {@code secret}) whose
     * certificate for localhost, signed by that CA, expired on 2026-12-06. Made once with keytool (seven JVM starts,
     * seconds of every run otherwise): {@code -genkeypair -alias ca -ext bc:c -validity 36500}, {@code -exportcert -rfc},
     * {@code -genkeypair -alias pod -dname CN=localhost}, {@code -certreq}, {@code -gencert -startdate -3d -validity 1
     * -ext SAN=dns:localhost}, then both certificates imported into pod.p12.
     */
    private static final Path EXPIRED = Path.of("src", "test", "resources", "tls-expired").toAbsolutePath();

    @Test
    void podsAreVerifiedAgainstTheCaWithTheirHostNamesAndExpiry(Vertx vertx) throws Exception {
        SelfSignedCertificate podCert = SelfSignedCertificate.create("localhost");
        SelfSignedCertificate otherCa = SelfSignedCertificate.create("localhost");
        int good = tlsPod(vertx, podCert.keyCertOptions(), null);
        int good2 = tlsPod(vertx, podCert.keyCertOptions(), null);

        assertEquals("Synced", check(vertx, List.of("localhost:" + good, "localhost:" + good2), podCert.certificatePath(), null).getString("status"));

        JsonObject wrongCa = check(vertx, List.of("localhost:" + good, "localhost:" + good2), otherCa.certificatePath(), null);
        assertEquals("tls", result(wrongCa, 0).getString("error"), wrongCa.encode());
        assertEquals("failed", result(wrongCa, 0).getString("outcome"));

        JsonObject wrongHost = check(vertx, List.of("127.0.0.1:" + good, "localhost:" + good2), podCert.certificatePath(), null);
        assertEquals("tls", result(wrongHost, 0).getString("error"), "the certificate names localhost, the pod is asked at 127.0.0.1");
        assertEquals("synced", result(wrongHost, 1).getString("outcome"));

        int expired = tlsPod(vertx, new PfxOptions().setPath(EXPIRED.resolve("pod.p12").toString()).setPassword("secret"), null);
        Path expiredPem = EXPIRED.resolve("ca.pem");
        JsonObject expiredAnswer = check(vertx, List.of("localhost:" + expired, "localhost:" + good2), expiredPem.toString(), null);
        assertEquals("tls", result(expiredAnswer, 0).getString("error"), expiredAnswer.encode());
    }

    @Test
    void aPodThatRequiresAClientCertificateGetsSyncersOne(Vertx vertx) throws Exception {
        SelfSignedCertificate podCert = SelfSignedCertificate.create("localhost");
        SelfSignedCertificate syncerCert = SelfSignedCertificate.create("syncer");
        int a = tlsPod(vertx, podCert.keyCertOptions(), syncerCert.trustOptions());
        int b = tlsPod(vertx, podCert.keyCertOptions(), syncerCert.trustOptions());
        List<String> pods = List.of("localhost:" + a, "localhost:" + b);

        assertEquals("Synced", check(vertx, pods, podCert.certificatePath(), syncerCert).getString("status"));
        JsonObject without = check(vertx, pods, podCert.certificatePath(), null);
        assertEquals("failed", result(without, 0).getString("outcome"), without.encode());
    }

    @Test
    void theZoneSyncPollerReachesMutualTlsPodsWithSyncersClientCertificateAndBoundsTheBody(Vertx vertx) throws Exception {
        SelfSignedCertificate podCert = SelfSignedCertificate.create("localhost");
        SelfSignedCertificate syncerCert = SelfSignedCertificate.create("syncer");
        String huge = "x".repeat(300_000);
        List<Integer> ports = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int online = i == 2 ? 0 : 2; // the third sees no other node: isolated
            HttpServerOptions options = new HttpServerOptions().setSsl(true).setKeyCertOptions(podCert.keyCertOptions())
                    .setTrustOptions(syncerCert.trustOptions()).setClientAuth(ClientAuth.REQUIRED);
            boolean tooLarge = i == 1;
            ports.add(await(vertx.createHttpServer(options).requestHandler(request -> request.response()
                    .putHeader("Content-Type", "application/json")
                    .end(tooLarge ? new JsonObject().put("padding", huge).encode()
                            : new JsonObject().put("status", new JsonObject().put("nodes_online", online)).encode()))
                    .listen(0, "127.0.0.1")).actualPort());
        }
        Vertx own = Vertx.vertx();
        try {
            SyncerFixture syncer = SyncerFixture.start(own, 0, TestMetrics.create(), config -> {
                JsonArray pods = new JsonArray();
                for (int i = 0; i < ports.size(); i++) {
                    pods.add(new JsonObject().put("name", "tls-" + i).put("address", "localhost:" + ports.get(i)));
                }
                config.getJsonObject("discovery").put("static", pods);
                config.getJsonObject("check").put("zoneSync", new JsonObject().put("enabled", true).put("intervalMs", 200))
                        .put("pod", new JsonObject().put("scheme", "https").put("maxBodyBytes", 65_536).put("tls", new JsonObject()
                                .put("caFile", podCert.certificatePath()).put("certFile", syncerCert.certificatePath())
                                .put("keyFile", syncerCert.privateKeyPath())));
            });
            assertTrue(io.syncer.testing.Await.until(() -> syncer.syncer.zoneSync().latest().isolated().equals(java.util.Set.of("tls-2")), 10_000),
                    "polled over mutual TLS: " + syncer.syncer.zoneSync().latest());
            assertEquals(2, syncer.syncer.zoneSync().latest().polled(), "the pod whose answer passes check.pod.maxBodyBytes is not read: "
                    + syncer.syncer.zoneSync().latest());
        } finally {
            await(own.close());
        }
    }

    @Test
    void theListenerServesTlsReloadsItsCertificateAndCanRequireClientCertificates(Vertx vertx, @TempDir Path dir) throws Exception {
        SelfSignedCertificate first = SelfSignedCertificate.create("syncer-one");
        SelfSignedCertificate second = SelfSignedCertificate.create("syncer-two");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Files.copy(Path.of(first.certificatePath()), cert);
        Files.copy(Path.of(first.privateKeyPath()), key);
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> config.getJsonObject("http")
                .put("tls", new JsonObject().put("certFile", cert.toString()).put("keyFile", key.toString())));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false).setKeepAlive(false));
        assertEquals("CN=syncer-one", peerName(client, syncer.port));

        Files.copy(Path.of(second.certificatePath()), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of(second.privateKeyPath()), key, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Await.until(() -> {
            try {
                return "CN=syncer-two".equals(peerName(client, syncer.port));
            } catch (Exception e) {
                return false;
            }
        }, 10_000), "the renewed certificate is served without a restart");
    }

    @Test
    void clientCertificatesCanBeRequired(Vertx vertx) throws Exception {
        SelfSignedCertificate server = SelfSignedCertificate.create("syncer");
        SelfSignedCertificate gateway = SelfSignedCertificate.create("gateway");
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> config.getJsonObject("http")
                .put("tls", new JsonObject().put("certFile", server.certificatePath()).put("keyFile", server.privateKeyPath())
                        .put("clientCaFile", gateway.certificatePath())));
        WebClientOptions tls = new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false);
        assertThrows(Exception.class, () -> await(WebClient.create(vertx, tls).get(syncer.port, "127.0.0.1", "/health/live").send()),
                "no client certificate: no TLS session");
        WebClient withCert = WebClient.create(vertx, new WebClientOptions(tls).setKeyCertOptions(gateway.keyCertOptions()));
        assertEquals(200, await(withCert.get(syncer.port, "127.0.0.1", "/health/live").send()).statusCode());
    }

    @Test
    void callersNeedTheSharedSecretExceptOnTheHealthEndpoints(Vertx vertx, @TempDir Path dir) throws Exception {
        Path secret = dir.resolve("token");
        Files.writeString(secret, "s3cr3t-callers\n");
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> config.getJsonObject("http")
                .put("auth", new JsonObject().put("tokenFile", secret.toString())));
        syncer.pods.forEach(pod -> pod.learn("t"));

        var none = await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", "t").send());
        assertEquals(401, none.statusCode());
        assertEquals("Bearer", none.getHeader("WWW-Authenticate"));
        assertEquals(401, none.bodyAsJsonObject().getInteger("status"));
        assertEquals(401, await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", "t")
                .putHeader("Authorization", "Bearer wrong").send()).statusCode());
        assertEquals(401, await(syncer.client.get("/metrics").send()).statusCode(), "metrics are not exempt by default");
        assertEquals(200, await(syncer.client.get("/health/ready").send()).statusCode(), "the kubelet's probes need no secret");
        var right = await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", "t").putHeader("Authorization", "Bearer s3cr3t-callers").send());
        assertEquals("Synced", right.bodyAsJsonObject().getString("status"));
        syncer.pods.forEach(pod -> assertEquals(1, pod.requests(), "refused callers asked no pod"));
    }

    @Test
    void trustingEveryPodCertificateIsAWarningInTheReadinessData(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 2, TestMetrics.create(), config -> config.getJsonObject("check")
                .put("pod", new JsonObject().put("tlsTrustAll", true)));
        JsonObject ready = await(syncer.client.get("/health/ready").send()).bodyAsJsonObject();
        assertTrue(ready.encode().contains("check.pod.tlsTrustAll is true"), ready.encode());
    }

    @Test
    void theKeyLogGetsTheSessionKeyOfEveryTlsConnectionToAPodInNssFormat(Vertx vertx, @TempDir Path dir) throws Exception {
        SelfSignedCertificate podCert = SelfSignedCertificate.create("localhost");
        Set<String> podSecrets = ConcurrentHashMap.newKeySet();
        Set<String> podProtocols = ConcurrentHashMap.newKeySet();
        List<String> pods = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpServer server = await(vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(podCert.keyCertOptions()))
                    .requestHandler(request -> {
                        podSecrets.add(masterSecret(request.connection().sslSession()));
                        podProtocols.add(request.connection().sslSession().getProtocol());
                        request.response().end("ok");
                    }).listen(0, "127.0.0.1"));
            pods.add("localhost:" + server.actualPort());
        }
        Path keyLog = dir.resolve("sslkeys.log");
        Vertx own = Vertx.vertx();
        try {
            SyncerFixture syncer = SyncerFixture.start(own, 0, TestMetrics.create(), config -> {
                config.getJsonObject("discovery").put("static", new JsonArray()
                        .add(new JsonObject().put("name", "tls-0").put("address", pods.get(0)))
                        .add(new JsonObject().put("name", "tls-1").put("address", pods.get(1))));
                config.getJsonObject("check").put("pod", new JsonObject().put("scheme", "https").put("tls", new JsonObject()
                        .put("caFile", podCert.certificatePath()).put("keyLogFile", keyLog.toString())));
                config.getJsonObject("http").put("instances", 2); // two check engines open the same key log
            });
            JsonObject answer = await(syncer.client.get("/v1/synced").putHeader("X-Auth-Token", "t").send()).bodyAsJsonObject();
            assertEquals("Synced", answer.getString("status"), answer.encode());

            List<String> lines = Files.readAllLines(keyLog);
            assertEquals(2, lines.size(), "one line per TLS session (one per pod): " + lines);
            Set<String> loggedSecrets = new java.util.HashSet<>();
            for (String line : lines) {
                assertTrue(line.matches("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}"), line);
                loggedSecrets.add(line.split(" ")[2]);
            }
            assertEquals(podSecrets, loggedSecrets, "the logged master secrets are the ones the pods' sessions hold");
            assertEquals(Set.of("TLSv1.2"), podProtocols, "a key-logging client offers TLS 1.2 only");
            assertTrue(!lines.get(0).split(" ")[1].equals(lines.get(1).split(" ")[1]), "each session has its own client random");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keyLog)));
            JsonObject ready = await(syncer.client.get("/health/ready").send()).bodyAsJsonObject();
            assertTrue(ready.encode().contains("check.pod.tls.keyLogFile is set"), ready.encode());
        } finally {
            await(own.close());
        }
    }

    /** The master secret of a JDK TLS session, as hex (the tests run with the same --add-opens as the jar). */
    private static String masterSecret(javax.net.ssl.SSLSession session) {
        try {
            java.lang.reflect.Field field = Class.forName("sun.security.ssl.SSLSessionImpl").getDeclaredField("masterSecret");
            field.setAccessible(true);
            return java.util.HexFormat.of().formatHex(((javax.crypto.SecretKey) field.get(session)).getEncoded());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject result(JsonObject report, int index) {
        return report.getJsonArray("results").getJsonObject(index);
    }

    /** A TLS pod that knows every token; with {@code clients}, it requires a client certificate they trust. */
    private static int tlsPod(Vertx vertx, KeyCertOptions certificate, TrustOptions clients) throws Exception {
        HttpServerOptions options = new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate);
        if (clients != null) {
            options.setTrustOptions(clients).setClientAuth(ClientAuth.REQUIRED);
        }
        HttpServer server = await(vertx.createHttpServer(options).requestHandler(request -> request.response().end("ok"))
                .listen(0, "127.0.0.1"));
        return server.actualPort();
    }

    /** One check with detail through a syncer whose pods are {@code addresses} over https. */
    private static JsonObject check(Vertx vertx, List<String> addresses, String caFile, SelfSignedCertificate clientCert) throws Exception {
        Vertx own = Vertx.vertx();
        try {
            Consumer<JsonObject> tweak = config -> {
                JsonArray pods = new JsonArray();
                for (int i = 0; i < addresses.size(); i++) {
                    pods.add(new JsonObject().put("name", "tls-" + i).put("address", addresses.get(i)));
                }
                config.getJsonObject("discovery").put("static", pods);
                JsonObject tls = new JsonObject().put("caFile", caFile);
                if (clientCert != null) {
                    tls.put("certFile", clientCert.certificatePath()).put("keyFile", clientCert.privateKeyPath());
                }
                config.getJsonObject("check").put("pod", new JsonObject().put("scheme", "https").put("tls", tls));
            };
            SyncerFixture syncer = SyncerFixture.start(own, 0, TestMetrics.create(), tweak);
            return await(syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", "t").send()).bodyAsJsonObject();
        } finally {
            await(own.close());
        }
    }

    private static String peerName(HttpClient client, int port) throws Exception {
        return await(client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI("/health/live"))
                .compose(request -> request.send().compose(response -> {
                    try {
                        List<Certificate> chain = request.connection().peerCertificates();
                        return response.body().map(((X509Certificate) chain.get(0)).getSubjectX500Principal().getName());
                    } catch (Exception e) {
                        return io.vertx.core.Future.failedFuture(e);
                    }
                })));
    }
}
