package io.syncer.check;

import io.syncer.config.CheckConfig;

/**
 * The wait before asking a pod again: {@code retryDelayMs * multiplier^(retry-1)}, at most {@code maxDelayMs}, cut by up
 * to {@code jitter} of itself. Jitter only shortens a wait, so that "no retry past the deadline" stays a sure rule.
 */
final class Backoff {

    private final double firstDelayMs;
    private final double multiplier;
    private final double maxDelayMs;
    private final double jitter;

    Backoff(CheckConfig.Retries retries) {
        this.firstDelayMs = retries.retryDelayMs();
        this.multiplier = retries.backoff().multiplier();
        this.maxDelayMs = retries.backoff().maxDelayMs();
        this.jitter = retries.backoff().jitter();
    }

    /**
     * @param retry 1 for the first retry
     * @param random a uniform draw in [0, 1)
     */
    long delayMs(int retry, double random) {
        double nominal = Math.min(maxDelayMs, firstDelayMs * Math.pow(multiplier, retry - 1));
        return Math.round(nominal * (1 - jitter * random));
    }
}
