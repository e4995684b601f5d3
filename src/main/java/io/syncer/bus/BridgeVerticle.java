package io.syncer.bus;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TCP event-bus bridge for applications that do not join the cluster: frames of a 4-byte big-endian length and a
 * JSON object ({@code {"type":"send","address":"syncer.check","replyAddress":"r1","body":{"token":"..."}}}).
 * Exactly {@link Addresses#CHECK} is permitted inbound and {@link Addresses#PODS} outbound; anything else is answered
 * {@code {"type":"err","message":"access_denied"}}; a {@code publish} to {@link Addresses#CHECK} (which nobody could
 * answer) with {@code {"type":"err","message":"blocked by bridgeEvent handler"}}.
 */
public class BridgeVerticle extends VerticleBase {

    private static final Logger LOGGER = LoggerFactory.getLogger(BridgeVerticle.class);

    private final String host;
    private final int port;
    private final AtomicInteger boundPort;
    private TcpEventBusBridge bridge;

    /**
     * @param port the port to bind; 0 picks a free one
     * @param boundPort set to the port bound once the bridge listens (the configured one, or the one picked for 0)
     */
    public BridgeVerticle(String host, int port, AtomicInteger boundPort) {
        this.host = host;
        this.port = port;
        this.boundPort = boundPort;
    }

    @Override
    public Future<?> start() {
        bridge = TcpEventBusBridge.create(vertx, new BridgeOptions()
                .addInboundPermitted(new PermittedOptions().setAddress(Addresses.CHECK))
                .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.PODS)), new NetServerOptions(),
                BridgeVerticle::onlyRequestsToCheck);
        return bridge.listen(port, host).onSuccess(listening -> {
            boundPort.set(port != 0 ? port : pickedPort(listening));
            LOGGER.info("TCP bridge listening [address: {}:{}]", host, boundPort.get());
        });
    }

    /**
     * The port picked for {@code bridge.port: 0}. Vert.x 5.0's {@code TcpEventBusBridge} does not report it, so it is read
     * from the bridge's own {@link NetServer}; -1 if a later bridge hides it elsewhere ({@code TcpBridgeTest} fails then).
     */
    private static int pickedPort(TcpEventBusBridge listening) {
        try {
            Field server = listening.getClass().getDeclaredField("server");
            server.setAccessible(true);
            return ((NetServer) server.get(listening)).actualPort();
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            return -1;
        }
    }

    /** A check is a question: a publish to {@link Addresses#CHECK} could never be answered, so it is refused with an error frame. */
    private static void onlyRequestsToCheck(BridgeEvent event) {
        boolean publishToCheck = event.type() == BridgeEventType.PUBLISH && event.getRawMessage() != null
                && Addresses.CHECK.equals(event.getRawMessage().getString("address"));
        event.complete(!publishToCheck);
    }

    @Override
    public Future<?> stop() {
        return bridge.close();
    }
}
