package io.syncer.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free TCP port on loopback, for servers whose port must be known before they start. Chosen below the kernel's
 * ephemeral range (32768-60999 on Linux): a port from that range, free when asked, can be taken as the local port of
 * any outgoing connection (the tests open thousands) before the server binds it.
 */
public final class FreePort {

    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;

    private FreePort() {
    }

    public static int find() {
        for (int tries = 0; tries < 200; tries++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
    }
}
