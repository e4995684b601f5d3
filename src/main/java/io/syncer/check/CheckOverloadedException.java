package io.syncer.check;

import io.syncer.model.CheckReport;
import io.syncer.model.Outcome;

/**
 * A check refused with 503 because syncer could not ask some pods (their wait queue was full, or no request could start
 * before the deadline) and those pods would decide the verdict: the answers of the others alone cannot. Carries the
 * per-pod results, so that they are counted ({@code not_asked}) though no verdict is given.
 */
public final class CheckOverloadedException extends CheckRefusedException.ServerRefusal {

    private static final long serialVersionUID = 1L;

    private final transient CheckReport report;

    CheckOverloadedException(CheckReport report, int notAsked) {
        super(503, "overloaded: " + notAsked + " of " + report.pods() + " pods could not be asked ("
                + reasons(report) + "); try again shortly", 1);
        this.report = report;
    }

    /** What the pods said (or that they were not asked), with the verdict the asked pods alone would have given. */
    public CheckReport report() {
        return report;
    }

    private static String reasons(CheckReport report) {
        return String.join(", ", report.results().stream()
                .filter(result -> result.outcome() == Outcome.NOT_ASKED)
                .map(result -> result.error() == null ? "not asked" : result.error())
                .distinct().sorted().toList());
    }
}
