package io.syncer.check;

import io.syncer.model.Expectation;
import io.syncer.model.Verdict;

/** The rules that turn per-pod counts into the answer; without a quorum they are the original's. */
public final class Verdicts {

    private Verdicts() {
    }

    /**
     * Enough pods as expected: Synced (Absent). Otherwise Timeout when the deadline passed first; otherwise NotSynced
     * (Present) when none is as expected, Partialy in between.
     *
     * @param reached pods that answered as expected
     * @param required pods that had to (all of them without a quorum)
     */
    public static Verdict decide(Expectation expect, int reached, int required, boolean deadlinePassed) {
        if (reached >= required) {
            return expect.all();
        }
        if (deadlinePassed) {
            return Verdict.TIMEOUT;
        }
        return reached == 0 ? expect.none() : Verdict.PARTIALY;
    }
}
