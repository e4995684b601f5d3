package io.syncer.config;

/**
 * How syncer's own Vertx runs (not used when a host embeds syncer: the host's Vertx is the host's choice).
 *
 * @param transport the network transport: {@code auto} takes the best the machine allows (see {@code Transports})
 */
public record VertxConfig(Transport transport) {

    /** The network transport under every socket of syncer's own Vertx. */
    public enum Transport { AUTO, IO_URING, EPOLL, NIO }

    static VertxConfig from(ConfigSection section) {
        section.allowOnlyDeclared();
        return new VertxConfig(ConfigKeys.VERTX_TRANSPORT.read(section));
    }
}
