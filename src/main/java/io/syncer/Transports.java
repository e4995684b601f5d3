package io.syncer;

import io.syncer.config.VertxConfig;
import io.vertx.core.transport.Transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks the network transport of syncer's own Vertx: Netty's native io_uring or epoll where the kernel and the
 * container's seccomp profile allow them (fewer syscalls and copies per request on the loopback-heavy check path), NIO
 * otherwise. A transport named in {@code vertx.transport} that cannot run falls back the same way; why is said.
 */
final class Transports {

    /** The transport picked, and why each one preferred to it could not run (empty when the first choice runs). */
    record Choice(Transport transport, List<String> skipped) {
    }

    private Transports() {
    }

    static Choice pick(VertxConfig.Transport wanted) {
        List<Transport> order = switch (wanted) {
            case AUTO, IO_URING -> List.of(Transport.IO_URING, Transport.EPOLL, Transport.NIO);
            case EPOLL -> List.of(Transport.EPOLL, Transport.NIO);
            case NIO -> List.of(Transport.NIO);
        };
        List<String> skipped = new ArrayList<>();
        for (Transport transport : order) {
            if (transport.available()) {
                return new Choice(transport, List.copyOf(skipped));
            }
            Throwable cause = transport.unavailabilityCause();
            skipped.add(transport.name() + ": " + (cause == null ? "not available" : rootMessage(cause)));
        }
        return new Choice(Transport.NIO, List.copyOf(skipped));
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
