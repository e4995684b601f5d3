package io.syncer.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.util.List;
import java.util.Set;

/**
 * The JDK TLS engine, with every client session's key written to a {@link TlsKeyLog}: set on an
 * {@link io.vertx.core.http.HttpClientOptions} that also limits the protocols to TLS 1.2 (see {@link TlsKeyLog}).
 */
public final class KeyLoggingEngineOptions extends JdkSSLEngineOptions {

    private final TlsKeyLog keyLog;

    public KeyLoggingEngineOptions(TlsKeyLog keyLog) {
        this.keyLog = keyLog;
    }

    @Override
    public KeyLoggingEngineOptions copy() {
        return new KeyLoggingEngineOptions(keyLog);
    }

    @Override
    public SslContextFactory sslContextFactory() {
        SslContextFactory jdk = super.sslContextFactory();
        return new SslContextFactory() {
            @Override
            public SslContextFactory useAlpn(boolean useAlpn) {
                jdk.useAlpn(useAlpn);
                return this;
            }

            @Override
            public SslContextFactory clientAuth(ClientAuth clientAuth) {
                jdk.clientAuth(clientAuth);
                return this;
            }

            @Override
            public SslContextFactory forClient(boolean forClient) {
                jdk.forClient(forClient);
                return this;
            }

            @Override
            public SslContextFactory keyMananagerFactory(KeyManagerFactory kmf) {
                jdk.keyMananagerFactory(kmf);
                return this;
            }

            @Override
            public SslContextFactory trustManagerFactory(TrustManagerFactory tmf) {
                jdk.trustManagerFactory(tmf);
                return this;
            }

            @Override
            public SslContextFactory enabledCipherSuites(Set<String> enabledCipherSuites) {
                jdk.enabledCipherSuites(enabledCipherSuites);
                return this;
            }

            @Override
            public SslContextFactory applicationProtocols(List<String> applicationProtocols) {
                jdk.applicationProtocols(applicationProtocols);
                return this;
            }

            @Override
            public SslContextFactory serverName(String serverName) {
                jdk.serverName(serverName);
                return this;
            }

            @Override
            public SslContext create() throws SSLException {
                SslContext context = jdk.create();
                return context.isClient() ? new KeyLoggingSslContext(context, keyLog) : context;
            }
        };
    }
}
