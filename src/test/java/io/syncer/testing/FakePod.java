package io.syncer.testing;

import io.syncer.model.Pod;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gateway replica for tests and the demo: a real Vert.x HTTP server on loopback that answers the token check like
 * NGINX Plus does. By default 200 for a token it knows and 401 for one it does not; it can also answer a fixed status
 * or never answer at all. It counts requests and closed connections.
 */
public final class FakePod {

    private final String name;
    private final String tokenPrefix;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private volatile int nodesOnline = -1;
    private volatile int recordsPending;
    private volatile int zoneSyncDelayMs;
    private final AtomicInteger zoneSyncRequests = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger closedConnections = new AtomicInteger();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger mostOpenConnections = new AtomicInteger();
    private volatile int fixedStatus;
    private volatile boolean hang;
    private volatile String lastAuthorization;
    private volatile String lastUri;
    private volatile boolean readOnlyApi;
    private volatile int writeDelayMs;
    private final Map<String, AtomicInteger> askedBeforeLearning = new ConcurrentHashMap<>();
    private final Map<String, Long> hiddenUntil = new ConcurrentHashMap<>();
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final List<String> writeAuthorizations = new CopyOnWriteArrayList<>();
    private volatile int delayMs;
    private final List<Long> requestTimes = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private HttpServer server;

    private FakePod(String name, String tokenPrefix) {
        this.name = name;
        this.tokenPrefix = tokenPrefix;
    }

    /** Starts a pod on a free loopback port that reads the token from {@code Authorization: Bearer ...}. */
    public static Future<FakePod> start(Vertx vertx, String name) {
        FakePod pod = new FakePod(name, "Bearer ");
        pod.vertx = vertx;
        pod.server = vertx.createHttpServer()
                .connectionHandler(connection -> {
                    pod.mostOpenConnections.accumulateAndGet(pod.openConnections.incrementAndGet(), Math::max);
                    connection.closeHandler(v -> {
                        pod.openConnections.decrementAndGet();
                        pod.closedConnections.incrementAndGet();
                    });
                })
                .requestHandler(pod::handle);
        return pod.server.listen(0, "127.0.0.1").map(pod);
    }

    private void handle(HttpServerRequest request) {
        if (request.path().matches("/api/\\d+/stream/zone_sync")) {
            answerZoneSync(request);
            return;
        }
        requests.incrementAndGet();
        requestTimes.add(System.nanoTime());
        lastUri = request.uri();
        String authorization = request.getHeader("Authorization");
        lastAuthorization = authorization;
        if (hang) {
            return;
        }
        if (delayMs > 0) {
            vertx.setTimer(delayMs, id -> answer(request, authorization));
        } else {
            answer(request, authorization);
        }
    }

    private void answer(HttpServerRequest request, String authorization) {
        if (request.path().startsWith("/api/")) {
            answerKeyval(request);
            return;
        }
        int status = fixedStatus != 0 ? fixedStatus : knows(authorization) ? 200 : 401;
        if (status == 401 && authorization != null && authorization.startsWith(tokenPrefix)) {
            String token = authorization.substring(tokenPrefix.length());
            AtomicInteger left = askedBeforeLearning.get(token);
            if (left != null && left.decrementAndGet() <= 0) {
                askedBeforeLearning.remove(token);
                learn(token);
            }
        }
        request.response().setStatusCode(status).end(status == 200 ? "ok" : "<html>" + status + "</html>");
    }

    /**
     * The NGINX Plus API as documented: GET /api/9/http/keyvals/{zone}?key=K, 200 {"K": value} when known, else 404;
     * POST adds a key (201, or 409 KeyvalKeyExists), PATCH sets one (204, or 404 KeyvalKeyNotFound); with a read-only
     * API ({@code api write=off}) a write is answered 405.
     */
    private void answerKeyval(HttpServerRequest request) {
        if (request.method() == io.vertx.core.http.HttpMethod.POST || request.method() == io.vertx.core.http.HttpMethod.PATCH) {
            request.body().onSuccess(body -> answerWrite(request, body));
            return;
        }
        String key = request.getParam("key");
        if (fixedStatus != 0) {
            request.response().setStatusCode(fixedStatus).end(fixedStatus == 200 ? "not json" : "{\"error\":{}}");
        } else if (key != null && tokens.containsKey(key) && System.nanoTime() >= hiddenUntil.getOrDefault(key, 0L)) {
            request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put(key, tokens.get(key)).encode());
        } else {
            request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end("{\"error\":{\"status\":404,\"code\":\"KeyvalKeyNotFound\"}}");
        }
    }

    private void answerWrite(HttpServerRequest request, io.vertx.core.buffer.Buffer body) {
        writes.add(request.method().name());
        writeAuthorizations.add(String.valueOf(request.getHeader("Authorization")));
        if (writeDelayMs > 0) {
            int delay = writeDelayMs;
            writeDelayMs = 0;
            vertx.setTimer(delay, id -> answerWrite(request, body));
            writes.remove(writes.size() - 1);
            writeAuthorizations.remove(writeAuthorizations.size() - 1);
            return;
        }
        if (readOnlyApi) {
            request.response().setStatusCode(405).putHeader("Content-Type", "application/json")
                    .end("{\"error\":{\"status\":405,\"text\":\"write is not allowed\",\"code\":\"MethodDisabled\"}}");
            return;
        }
        JsonObject pairs = new JsonObject(body);
        boolean post = request.method() == io.vertx.core.http.HttpMethod.POST;
        for (String key : pairs.fieldNames()) {
            if (post && tokens.containsKey(key)) {
                request.response().setStatusCode(409).putHeader("Content-Type", "application/json")
                        .end("{\"error\":{\"status\":409,\"text\":\"key already exists\",\"code\":\"KeyvalKeyExists\"}}");
                return;
            }
            if (!post && !tokens.containsKey(key)) {
                request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                        .end("{\"error\":{\"status\":404,\"text\":\"key not found\",\"code\":\"KeyvalKeyNotFound\"}}");
                return;
            }
        }
        pairs.forEach(pair -> tokens.put(pair.getKey(), String.valueOf(pair.getValue())));
        request.response().setStatusCode(post ? 201 : 204).end();
    }

    /**
     * Reads of {@code key} answer 404 for {@code ms} from now though the pod may hold it (a read that raced the key's
     * arrival): a POST meanwhile gets 409.
     */
    public void hideFromReads(String key, int ms) {
        hiddenUntil.put(key, System.nanoTime() + ms * 1_000_000L);
    }

    /** The next write is answered {@code ms} after it arrives (a slow API; reads are not slowed). */
    public void delayNextWrite(int ms) {
        writeDelayMs = ms;
    }

    /** From now on answer writes to the NGINX Plus API with 405 (a location with {@code api write=off}). */
    public void readOnlyApi() {
        readOnlyApi = true;
    }

    /** The methods of the keyval writes this pod received (POST, PATCH), in order. */
    public List<String> writes() {
        return List.copyOf(writes);
    }

    /** The Authorization header of each write ("null" when none). */
    public List<String> writeAuthorizations() {
        return List.copyOf(writeAuthorizations);
    }

    /** The value the pod holds for {@code key}, or null. */
    public String valueOf(String key) {
        return tokens.get(key);
    }

    private boolean knows(String authorization) {
        return authorization != null && authorization.startsWith(tokenPrefix)
                && tokens.containsKey(authorization.substring(tokenPrefix.length()));
    }

    /** NGINX Plus's GET /api/{v}/stream/zone_sync, in its JSON shape (404 until {@link #zoneSync} is called). */
    private void answerZoneSync(HttpServerRequest request) {
        zoneSyncRequests.incrementAndGet();
        Runnable answer = () -> {
            if (nodesOnline < 0) {
                request.response().setStatusCode(404).end("{\"error\":{\"status\":404,\"code\":\"PathNotFound\"}}");
                return;
            }
            JsonObject zone = new JsonObject().put("records_pending", recordsPending).put("records_total", tokens.size());
            request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("zones", new JsonObject().put("tokens", zone))
                    .put("status", new JsonObject().put("bytes_in", 0).put("msgs_in", 0).put("msgs_out", 0).put("bytes_out", 0)
                            .put("nodes_online", nodesOnline))
                    .encode());
        };
        if (zoneSyncDelayMs > 0) {
            vertx.setTimer(zoneSyncDelayMs, id -> answer.run());
        } else {
            answer.run();
        }
    }

    /** From now on serve the zone_sync status: this many other nodes online, this many records pending. */
    public void zoneSync(int nodesOnline, int recordsPending) {
        this.nodesOnline = nodesOnline;
        this.recordsPending = recordsPending;
    }

    /** From now on answer the zone_sync status {@code ms} late. */
    public void delayZoneSync(int ms) {
        zoneSyncDelayMs = ms;
    }

    public int zoneSyncRequests() {
        return zoneSyncRequests.get();
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.actualPort();
    }

    /** This pod as syncer sees it. */
    public Pod pod() {
        return new Pod(name, "127.0.0.1", port());
    }

    public void learn(String token) {
        tokens.put(token, "1");
    }

    /**
     * Answers the first {@code times} requests for {@code token} with 401 and knows it from then on: zone_sync that
     * arrives after syncer asked, whatever the test's timing.
     */
    public void learnAfterAsked(String token, int times) {
        askedBeforeLearning.put(token, new AtomicInteger(times));
    }

    /** The keyval key {@code token} holds {@code value} on this pod (a value update, as NGINX Plus syncs it). */
    public void learn(String token, String value) {
        tokens.put(token, value);
    }

    /** The token expires or is revoked on this pod. */
    public void forget(String token) {
        tokens.remove(token);
    }

    /** From now on answer {@code ms} after each request arrives. */
    public void delay(int ms) {
        delayMs = ms;
    }

    /** When each request arrived ({@link System#nanoTime()}). */
    public List<Long> requestTimes() {
        return List.copyOf(requestTimes);
    }

    public String lastUri() {
        return lastUri;
    }

    public boolean knowsToken(String token) {
        return tokens.containsKey(token);
    }

    /** From now on answer every request with {@code status}. */
    public void respondWith(int status) {
        fixedStatus = status;
    }

    /** From now on never answer. */
    public void hang() {
        hang = true;
    }

    /** Answer again, after {@link #hang()}. */
    public void unhang() {
        hang = false;
    }

    public int requests() {
        return requests.get();
    }

    /** The most connections that were open to this pod at one time. */
    public int mostOpenConnections() {
        return mostOpenConnections.get();
    }

    public int closedConnections() {
        return closedConnections.get();
    }

    public String lastAuthorization() {
        return lastAuthorization;
    }

    public Future<Void> stop() {
        return server.close();
    }
}
