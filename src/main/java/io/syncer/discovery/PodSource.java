package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One way of finding the gateway's pods in Kubernetes: the informers it needs, and how it picks the pods to check
 * from their caches. {@link ScraperVerticle} runs the informers, watches their health and publishes the selection.
 */
public interface PodSource {

    /** For logs and metrics: deployment or service. */
    String name();

    /** The namespace its informers follow. */
    String namespace();

    /** The API resource an informer of {@code kind} lists and watches (for messages such as a refused permission). */
    String resourceOf(String kind);

    /** The {@code apiGroup/resource} pairs its informers list and watch: all the RBAC Role has to grant. */
    List<String> watchedResources();

    /**
     * Factories of new, not yet started informers, by kind. A factory is called again to replace an informer whose
     * watch has stopped for good.
     */
    Map<String, Supplier<SharedIndexInformer<? extends HasMetadata>>> informers();

    /** The pods to check, from the informers' caches by kind (every informer has listed at least once). */
    PodSelection.Selection select(Map<String, List<? extends HasMetadata>> caches);
}
