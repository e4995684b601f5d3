package io.syncer.config;

import java.util.Set;

/**
 * How a check fans out to the pods.
 *
 * @param deadlineMs the whole check's budget; when it passes the answer is Timeout
 * @param attempts requests per pod in all while it answers 401
 * @param retryDelayMs the wait before asking a pod again after a 401
 * @param minPods with fewer pods than this, the answer is Synced without asking (no replicas to sync)
 * @param pod how a pod is asked
 */
public record CheckConfig(int deadlineMs, int attempts, int retryDelayMs, int minPods, PodProbeConfig pod) {

    static CheckConfig from(ConfigSection section) {
        section.allowOnly(Set.of("deadlineMs", "attempts", "retryDelayMs", "minPods", "pod"));
        return new CheckConfig(
                section.integer("deadlineMs", 2000, 1, 600_000),
                section.integer("attempts", 3, 1, 1000),
                section.integer("retryDelayMs", 100, 0, 600_000),
                section.integer("minPods", 2, 0, 10_000),
                PodProbeConfig.from(section.section("pod")));
    }
}
