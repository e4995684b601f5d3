package io.syncer.config;

/**
 * How the wait between two questions to the same pod grows: {@code retryDelayMs * multiplier^(n-1)}, at most
 * {@code maxDelayMs}, shortened by up to {@code jitter} of itself at random. The defaults keep the original's fixed delay.
 *
 * @param multiplier growth per retry, at least 1
 * @param maxDelayMs the longest wait
 * @param jitter 0..1: the fraction of each wait that may be cut at random (spreads retries of concurrent checks)
 */
public record BackoffConfig(double multiplier, int maxDelayMs, double jitter) {

    static BackoffConfig from(ConfigSection section) {
        section.allowOnlyDeclared();
        return new BackoffConfig(
                ConfigKeys.BACKOFF_MULTIPLIER.read(section),
                ConfigKeys.BACKOFF_MAX_DELAY_MS.read(section),
                ConfigKeys.BACKOFF_JITTER.read(section));
    }
}
