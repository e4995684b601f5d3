package io.syncer.config;

/**
 * How a check fans out to the pods.
 *
 * @param deadlines how long a check may run
 * @param retries how a pod that does not answer as expected is asked again
 * @param minPods with fewer pods than this, and no quorum asked for, the answer is Synced without asking
 * @param probe how a pod is asked: token (a request carrying the token) or keyval (the NGINX Plus API)
 * @param keyval the NGINX Plus API probe's settings
 * @param pod how a pod is reached
 * @param maxInFlight checks running at once (all fronts, all event loops); beyond, a check is refused with 503 at once
 * @param zoneSync the background zone_sync health poll
 */
public record CheckConfig(Deadlines deadlines, Retries retries, int minPods, Probe probe, KeyvalConfig keyval,
                          PodProbeConfig pod, int maxInFlight, ZoneSyncConfig zoneSync) {

    /** What a pod is asked. */
    public enum Probe { TOKEN, KEYVAL }

    /**
     * {@code check.deadlineMs} and {@code check.maxDeadlineMs}.
     *
     * @param deadlineMs the whole check's budget by default; when it passes the answer is Timeout
     * @param maxDeadlineMs the most a caller may ask for with deadlineMs / X-Sync-Deadline-Ms
     */
    public record Deadlines(int deadlineMs, int maxDeadlineMs) implements ConfigGroup {

        static Deadlines from(ConfigSection section) {
            int deadlineMs = ConfigKeys.CHECK_DEADLINE_MS.read(section);
            int maxDeadlineMs = ConfigKeys.CHECK_MAX_DEADLINE_MS.read(section, Math.max(10_000, deadlineMs));
            if (maxDeadlineMs < deadlineMs) {
                throw new ConfigException(ConfigKeys.CHECK_MAX_DEADLINE_MS.key(),
                        "must be at least check.deadlineMs (" + deadlineMs + "), got " + maxDeadlineMs);
            }
            return new Deadlines(deadlineMs, maxDeadlineMs);
        }
    }

    /**
     * {@code check.attempts}, {@code check.retryDelayMs} and {@code check.backoff}.
     *
     * @param attempts requests per pod in all while it does not answer as expected
     * @param retryDelayMs the first wait before asking a pod again
     * @param backoff how later waits grow
     */
    public record Retries(int attempts, int retryDelayMs, BackoffConfig backoff) implements ConfigGroup {

        static Retries from(ConfigSection section) {
            return new Retries(ConfigKeys.CHECK_ATTEMPTS.read(section), ConfigKeys.CHECK_RETRY_DELAY_MS.read(section),
                    BackoffConfig.from(section.section("backoff")));
        }
    }

    static CheckConfig from(ConfigSection section) {
        section.allowOnlyDeclared();
        Probe probe = ConfigKeys.CHECK_PROBE.read(section);
        return new CheckConfig(
                Deadlines.from(section),
                Retries.from(section),
                ConfigKeys.CHECK_MIN_PODS.read(section),
                probe,
                KeyvalConfig.from(section.section("keyval"), probe == Probe.KEYVAL),
                PodProbeConfig.from(section.section("pod")),
                ConfigKeys.CHECK_MAX_IN_FLIGHT.read(section, 256 * Runtime.getRuntime().availableProcessors()),
                ZoneSyncConfig.from(section.section("zoneSync")));
    }
}
