package io.syncer.front;

import io.syncer.testing.SyncerFixture;
import io.syncer.testing.TestMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static io.syncer.testing.SyncerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, rules 5 and 6, on raw sockets: the server stops accepting but keeps an accepted connection for
 * {@code http.closeGraceMs} after its last answer, answering what arrives meanwhile with Connection: close; and every
 * request's headers, not only a new connection's first, must arrive within {@code http.headerTimeoutMs}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionLifecycleTest {

    private static final byte[] REQUEST = "GET /health/live HTTP/1.1\r\nHost: syncer\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void onShutdownAnIdleConnectionIsKeptForTheGraceAndARequestInItIsAnsweredWithConnectionClose(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 1, TestMetrics.create(), config -> config.getJsonObject("http").put("closeGraceMs", 800));
        try (Socket asking = new Socket("127.0.0.1", syncer.port); Socket idle = new Socket("127.0.0.1", syncer.port)) {
            asking.setSoTimeout(5_000);
            idle.setSoTimeout(5_000);
            asking.getOutputStream().write(REQUEST);
            assertTrue(answer(asking.getInputStream()).startsWith("HTTP/1.1 200"));
            idle.getOutputStream().write(REQUEST);
            assertTrue(answer(idle.getInputStream()).startsWith("HTTP/1.1 200"));

            long stopping = System.nanoTime();
            Future<Void> undeployed = syncer.syncer.undeploy(); // the HTTP front first
            Thread.sleep(300); // time itself is under test: a request that arrives inside the grace, as a busy client's next one does
            asking.getOutputStream().write(REQUEST);
            String late = answer(asking.getInputStream());
            assertTrue(late.startsWith("HTTP/1.1 200"), late);
            assertTrue(late.toLowerCase().contains("connection: close"), "answered with Connection: close: " + late);
            assertEquals(-1, asking.getInputStream().read(), "then closed");

            assertEquals(-1, idle.getInputStream().read(), "the idle one is closed after its grace");
            long closedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
            assertTrue(closedMs >= 700, "kept for http.closeGraceMs (800) since its last answer, closed after " + closedMs + " ms");
            await(undeployed);
            assertTrue(refused(syncer.port), "no new connection is accepted");
        }
    }

    @Test
    void slowHeadersOnAKeptAliveConnectionAreClosedAfterTheHeaderTimeout(Vertx vertx) throws Exception {
        SyncerFixture syncer = SyncerFixture.start(vertx, 1, TestMetrics.create(), config -> config.getJsonObject("http")
                .put("headerTimeoutMs", 1_000));
        try (Socket socket = new Socket("127.0.0.1", syncer.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(REQUEST);
            assertTrue(answer(socket.getInputStream()).startsWith("HTTP/1.1 200"), "the first request is answered");

            long start = System.nanoTime();
            byte[] next = "GET /health/live HTTP/1.1\r\nHost: syncer\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            boolean closed = false;
            for (int i = 0; i < 60 && !closed; i++) { // one byte every 200 ms: each resets the idle timeout, never the header timeout
                try {
                    socket.getOutputStream().write(next[i % next.length]);
                    socket.getOutputStream().flush();
                    Thread.sleep(200); // time itself is under test: a byte every 200 ms keeps a connection from idling
                } catch (IOException reset) {
                    closed = true;
                }
                closed = closed || socket.getInputStream().available() < 0;
            }
            if (!closed) {
                closed = socket.getInputStream().read() == -1;
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(closed && ms < 5_000, "closed " + ms + " ms after its next request began (header timeout 1000 ms)");
        }
    }

    private static boolean refused(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    /** One whole answer (status, headers, Content-Length body) as text. */
    private static String answer(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        int length = 0;
        while (true) {
            String line = line(in);
            text.append(line).append('\n');
            if (line.isEmpty()) {
                break;
            }
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text.append(new String(in.readNBytes(length), StandardCharsets.UTF_8)).toString();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
