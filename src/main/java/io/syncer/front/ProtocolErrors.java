package io.syncer.front;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests the HTTP decoder could not read (a line or headers too long, a control character, a malformed request):
 * answered as JSON like every other error - 414, 431 or 400 - with {@code Connection: close}, since the connection's
 * framing can no longer be trusted.
 */
final class ProtocolErrors {

    private ProtocolErrors() {
    }

    static void answer(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            message = "the request line is too long";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            message = "the request headers are too large (a token header of a few KiB at most)";
        } else {
            status = 400;
            // the decoder's own message may quote the header (a token): never echo it
            message = "the request could not be read as HTTP (a malformed line or header, or a control character in it)";
        }
        request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        new ApiError(status, message).send(request.response());
    }
}
