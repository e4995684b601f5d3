package io.syncer.check;

import io.syncer.config.PodProbeConfig;
import io.syncer.model.Pod;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;

/**
 * The original's question: {@code GET {scheme}://{address}{path}} with {@code {tokenHeader}: {tokenPrefix}{token}};
 * 200 = known, 401 = not yet, anything else an error.
 */
final class TokenQuestion implements PodQuestion {

    private final PodProbeConfig pod;
    private final CharSequence tokenHeader;

    TokenQuestion(PodProbeConfig pod) {
        this.pod = pod;
        this.tokenHeader = HttpHeaders.createOptimized(pod.request().tokenHeader());
    }

    @Override
    public RequestOptions request(Pod target, String token) {
        return PodQuestion.get(target, pod.ssl(), pod.request().path()).putHeader(tokenHeader, pod.request().tokenPrefix() + token);
    }

    @Override
    public boolean needsBody() {
        return false;
    }

    @Override
    public PodAnswer read(int status, Buffer body, Ask ask) {
        return switch (status) {
            case 200 -> PodAnswer.KNOWN;
            case 401 -> PodAnswer.UNKNOWN;
            default -> PodAnswer.unexpected(status);
        };
    }
}
