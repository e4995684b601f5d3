package io.syncer.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLEngine;
import java.util.concurrent.Executor;

/** A client {@link SslContext} whose handlers write each established session's key to a {@link TlsKeyLog}. */
final class KeyLoggingSslContext extends DelegatingSslContext {

    private final TlsKeyLog keyLog;

    KeyLoggingSslContext(SslContext context, TlsKeyLog keyLog) {
        super(context);
        this.keyLog = keyLog;
    }

    @Override
    protected void initEngine(SSLEngine engine) {
    }

    @Override
    protected SslHandler newHandler(ByteBufAllocator alloc, boolean startTls, Executor executor) {
        return logged(new ClientRandomEngine(newEngine(alloc)), startTls, executor);
    }

    @Override
    protected SslHandler newHandler(ByteBufAllocator alloc, String peerHost, int peerPort, boolean startTls, Executor executor) {
        return logged(new ClientRandomEngine(newEngine(alloc, peerHost, peerPort)), startTls, executor);
    }

    private SslHandler logged(ClientRandomEngine engine, boolean startTls, Executor executor) {
        SslHandler handler = new SslHandler(engine, startTls, executor);
        handler.handshakeFuture().addListener(done -> {
            if (done.isSuccess()) {
                keyLog.record(engine.clientRandom(), engine.getSession());
            }
        });
        return handler;
    }
}
