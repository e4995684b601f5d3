package io.syncer.check;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.syncer.bus.Addresses;
import io.syncer.model.TokenHash;
import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Captures every log event, at every level, of real checks, and looks for the token in clear. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TokenNeverLoggedTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.very-secret-token-4711";
    private static final String SECRET = "hostile-secret-0815";

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Logger root;
    private Level rootLevel;

    /** Every logger's level before the test: each one (netty, fabric8, Hazelcast and syncer's) is raised to TRACE. */
    private final java.util.Map<Logger, Level> levels = new java.util.HashMap<>();

    @BeforeEach
    void capture() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        for (String name : List.of("io.netty", "io.vertx", "io.fabric8", "com.hazelcast", "io.syncer")) {
            LoggerFactory.getLogger(name); // exists, so that the loop below raises it
        }
        for (Logger logger : root.getLoggerContext().getLoggerList()) {
            levels.put(logger, logger.getLevel());
            logger.setLevel(Level.TRACE);
        }
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
        levels.forEach(Logger::setLevel);
        root.setLevel(rootLevel);
    }

    @Test
    void tokensWithControlCharactersAreRefusedAtInputOnEveryFrontAndNeverLogged(Vertx vertx) throws Exception {
        List<String> hostile = List.of(SECRET + "\r\nInjected: header", SECRET + "\nline", SECRET + "\u0000nul",
                SECRET + "\u0001soh", SECRET + "\tTab", SECRET + "\u007fdel");
        for (String probe : List.of("token", "keyval")) {
            Vertx own = Vertx.vertx();
            try {
                SyncerFixture syncer = SyncerFixture.start(own, 2, TestMetrics.create(), config -> {
                    config.getJsonObject("check").put("deadlineMs", 300).put("probe", probe);
                    if (probe.equals("keyval")) {
                        config.getJsonObject("check").put("keyval", new JsonObject().put("zone", "tokens"));
                    }
                });
                for (String token : hostile) {
                    ReplyException refused = org.junit.jupiter.api.Assertions.assertThrows(ReplyException.class, () -> {
                        try {
                            await(own.eventBus().request(Addresses.CHECK, new JsonObject().put("token", token)));
                        } catch (java.util.concurrent.ExecutionException e) {
                            throw e.getCause();
                        }
                    });
                    assertEquals(400, refused.failureCode(), probe + ": " + refused.getMessage());
                    assertTrue(refused.getMessage().contains("control characters"), refused.getMessage());
                    assertFalse(refused.getMessage().contains(SECRET), "the refusal never quotes the token");
                    if (token.indexOf('\r') < 0 && token.indexOf('\n') < 0) {
                        // CR and LF cannot even be written in a header; every other control character reaches the server
                        assertEquals(400, rawRequest(syncer.port, token), probe + ": HTTP with " + token.chars().filter(c -> c < 0x20 || c == 0x7f).boxed().toList());
                    }
                }
                assertEquals(0, syncer.pods.stream().mapToInt(io.syncer.testing.FakePod::requests).sum(), "no pod was asked");
            } finally {
                await(own.close());
            }
        }
        assertNeverInClear(SECRET);
    }

    /** Sends a GET /v1/synced with the token as raw bytes in the header and returns the status code. */
    private static int rawRequest(int port, String token) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /v1/synced HTTP/1.1\r\nHost: x\r\nX-Auth-Token: " + token + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private void assertNeverInClear(String secret) {
        assertFalse(appender.list.isEmpty());
        for (ILoggingEvent event : appender.list) {
            assertFalse(event.getFormattedMessage().contains(secret), "token in clear: " + event.getFormattedMessage());
            if (event.getArgumentArray() != null) {
                assertFalse(Arrays.deepToString(event.getArgumentArray()).contains(secret), "token in the arguments of " + event.getMessage());
            }
            for (IThrowableProxy error = event.getThrowableProxy(); error != null; error = error.getCause()) {
                assertFalse(String.valueOf(error.getMessage()).contains(secret), "token in an exception: " + error.getMessage());
            }
        }
    }

    @Test
    void checksOfEveryKindLogOnlyTheHash(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 4, TestMetrics.create(), config -> config.getJsonObject("check").put("deadlineMs", 300));
        syncer.pods.get(0).learn(TOKEN);
        syncer.pods.get(1).respondWith(500);
        syncer.pods.get(2).hang();
        await(syncer.pods.get(3).stop());
        await(syncer.client.get("/v1/synced?detail=true").putHeader("X-Auth-Token", TOKEN).putHeader("X-Origin", "gw-a").send());
        await(vertx.eventBus().request(Addresses.CHECK, new JsonObject().put("token", TOKEN).put("detail", true)));
        await(syncer.client.get("/v1/synced?detail=maybe").putHeader("X-Auth-Token", TOKEN).send());

        assertFalse(appender.list.isEmpty());
        for (ILoggingEvent event : appender.list) {
            assertFalse(event.getFormattedMessage().contains(TOKEN), "token in clear: " + event.getFormattedMessage());
            assertFalse(event.getMessage().contains(TOKEN));
            if (event.getArgumentArray() != null) {
                assertFalse(Arrays.deepToString(event.getArgumentArray()).contains(TOKEN), "token in the arguments of " + event.getMessage());
            }
            for (IThrowableProxy error = event.getThrowableProxy(); error != null; error = error.getCause()) {
                assertFalse(String.valueOf(error.getMessage()).contains(TOKEN));
            }
        }
        long infoPerCheck = appender.list.stream()
                .filter(e -> e.getLevel() == Level.INFO && e.getFormattedMessage().startsWith("Check done")).count();
        assertEquals(2, infoPerCheck, "one INFO line per check");
        assertTrue(appender.list.stream().anyMatch(e -> e.getFormattedMessage().contains(TokenHash.of(TOKEN))),
                "the token's hash identifies it in the logs");
    }
}
