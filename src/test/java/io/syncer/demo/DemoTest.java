package io.syncer.demo;

import io.syncer.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's demo runs: a token issued with lag ends Synced once every replica has it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DemoTest {

    @Test
    void aRoundEndsSyncedAfterTheLag(Vertx vertx) throws Exception {
        Demo demo = Await.result(Demo.start(vertx, 3, 0));
        List<String> verdicts = Await.result(demo.round());

        assertEquals(5, verdicts.size());
        assertTrue(Set.of("Synced", "Partialy", "NotSynced", "Timeout").containsAll(verdicts), verdicts.toString());
        assertEquals("Synced", verdicts.get(2), "every replica has the token after the longest lag");
        assertEquals("Synced", verdicts.get(4), "with read repair the replicas behind are written: Synced within the deadline");
    }

}
