package io.syncer.model;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * One gateway replica that can be asked whether it knows a token.
 *
 * @param name the pod name (or a configured name in static discovery)
 * @param host the IP address or host name the pod is reached on
 * @param port the TCP port of the pod's token check endpoint
 */
public record Pod(String name, String host, int port) {

    public Pod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
    }

    /**
     * Parses {@code host:port}; an IPv6 host is written in brackets ({@code [fd00::1]:8080}).
     *
     * @throws IllegalArgumentException naming what is wrong with the address
     */
    public static Pod of(String name, String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("address is empty");
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("address must be host:port, got '" + address + "'");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an IPv6 address must be in brackets, got '" + address + "'");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + address + "'");
        }
        return new Pod(name, host, port);
    }

    /** The address as {@code host:port}, with an IPv6 host in brackets. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** True when {@code nameOrAddress} is this pod's name, its address, or its host alone. */
    public boolean matches(String nameOrAddress) {
        return name.equals(nameOrAddress) || host.equals(nameOrAddress) || address().equals(nameOrAddress);
    }

    public JsonObject toJson() {
        return new JsonObject().put("name", name).put("address", address());
    }
}
