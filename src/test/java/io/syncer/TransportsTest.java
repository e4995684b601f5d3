package io.syncer;

import io.syncer.config.VertxConfig;
import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** vertx.transport: the best transport the machine allows, in a fixed order, NIO always last; what was skipped is said. */
class TransportsTest {

    @Test
    void autoTakesIoUringThenEpollThenNioAndSaysWhyItSkippedOne() {
        Transports.Choice choice = Transports.pick(VertxConfig.Transport.AUTO);
        List<Transport> order = List.of(Transport.IO_URING, Transport.EPOLL, Transport.NIO);
        Transport expected = order.stream().filter(Transport::available).findFirst().orElseThrow();
        assertEquals(expected.name(), choice.transport().name());
        assertEquals(order.indexOf(expected), choice.skipped().size(), "one reason per transport skipped: " + choice.skipped());
        choice.skipped().forEach(reason -> assertTrue(reason.matches("(io_uring|epoll): .+"), reason));
    }

    @Test
    void nioIsTakenWhenAskedFor() {
        Transports.Choice choice = Transports.pick(VertxConfig.Transport.NIO);
        assertEquals("nio", choice.transport().name());
        assertEquals(List.of(), choice.skipped());
    }

    @Test
    void theNativeTransportsOfThisBuildRunOnLinuxX8664() {
        // the jar carries epoll and io_uring for linux x86_64 and aarch64: on such a machine epoll always loads
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux"), "Linux only");
        assertTrue(Transport.EPOLL.available(), String.valueOf(Transport.EPOLL.unavailabilityCause()));
        Vertx vertx = Vertx.builder().withTransport(Transports.pick(VertxConfig.Transport.EPOLL).transport()).build();
        try {
            assertTrue(vertx.isNativeTransportEnabled(), "the Vertx runs on epoll");
        } finally {
            vertx.close();
        }
    }
}
