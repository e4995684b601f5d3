package io.syncer.check;

import io.syncer.model.Outcome;
import io.syncer.model.PodResult;
import io.syncer.model.Verdict;

import java.util.List;

/** The rules that turn per-pod results into the answer, as the original service defined them. */
public final class Verdicts {

    private Verdicts() {
    }

    /**
     * Timeout when the deadline passed first; otherwise Synced when every pod knows the token, NotSynced when none
     * does, Partialy in between. An empty list is Synced: there is no replica left to wait for.
     */
    public static Verdict decide(List<PodResult> results, boolean deadlinePassed) {
        if (deadlinePassed) {
            return Verdict.TIMEOUT;
        }
        long synced = countSynced(results);
        if (synced == results.size()) {
            return Verdict.SYNCED;
        }
        return synced == 0 ? Verdict.NOT_SYNCED : Verdict.PARTIALY;
    }

    public static int countSynced(List<PodResult> results) {
        int synced = 0;
        for (PodResult result : results) {
            if (result.outcome() == Outcome.SYNCED) {
                synced++;
            }
        }
        return synced;
    }
}
