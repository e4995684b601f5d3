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
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Captures every log event, at every level, of real checks, and looks for the token in clear. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class TokenNeverLoggedTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.very-secret-token-4711";

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Logger root;
    private Level rootLevel;

    @BeforeEach
    void capture() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.TRACE);
        ((Logger) LoggerFactory.getLogger("io.syncer")).setLevel(Level.TRACE);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
        root.setLevel(rootLevel);
        ((Logger) LoggerFactory.getLogger("io.syncer")).setLevel(Level.DEBUG);
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
