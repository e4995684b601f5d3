package io.syncer.model;

/**
 * What the registry would answer a snapshot request with, handed to every check front whenever it changes, so that the
 * fronts need not ask the registry on every check.
 *
 * @param usable the pod set a check may run on, or null when checks are refused
 * @param refusal why checks are refused (when {@code usable} is null)
 * @param sequence increases with every change of the view: a front keeps the highest it has seen
 */
public record RegistryView(PodSet usable, String refusal, long sequence) {

    /** The same pod set and refusal: whether a front would answer any check differently. */
    public boolean sameAs(RegistryView other) {
        return other != null && java.util.Objects.equals(usable, other.usable) && java.util.Objects.equals(refusal, other.refusal);
    }
}
