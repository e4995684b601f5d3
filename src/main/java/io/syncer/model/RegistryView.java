package io.syncer.model;

/**
 * What the registry would answer a snapshot request with, published (locally) whenever it changes, so that the check
 * fronts need not ask the registry on every check.
 *
 * @param usable the pod set a check may run on, or null when checks are refused
 * @param refusal why checks are refused (when {@code usable} is null)
 */
public record RegistryView(PodSet usable, String refusal) {
}
