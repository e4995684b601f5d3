package io.syncer.registry;

import io.syncer.model.DiscoveredPods;
import io.syncer.model.DiscoveryState;
import io.syncer.model.Pod;
import io.syncer.model.PodSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PodRegistryTest {

    private final Pod a = Pod.of("gw-a", "10.0.0.1:8080");
    private final Pod b = Pod.of("gw-b", "10.0.0.2:8080");

    @Test
    void isEmptyUntilTheFirstReport() {
        assertTrue(new PodRegistry().usable().isEmpty());
    }

    @Test
    void numbersEveryChangeAndIgnoresRepeats() {
        PodRegistry registry = new PodRegistry();
        assertEquals(1, registry.update(List.of(b, a)).orElseThrow().generation());
        assertEquals(Optional.empty(), registry.update(List.of(a, b)), "same pods in another order are no change");
        PodSet second = registry.update(List.of(a)).orElseThrow();
        assertEquals(2, second.generation());
        assertEquals(List.of(a), second.pods());
        assertEquals(3, registry.update(List.of()).orElseThrow().generation());
        assertEquals(4, registry.update(List.of(a)).orElseThrow().generation(), "the registry held generation 3");
    }

    @Test
    void keepsPodsSortedByName() {
        PodRegistry registry = new PodRegistry();
        assertEquals(List.of(a, b), registry.update(List.of(b, a)).orElseThrow().pods());
    }

    @Test
    void aPodWhoseAddressChangesIsAChange() {
        PodRegistry registry = new PodRegistry();
        registry.update(List.of(a, b));
        assertEquals(2, registry.update(List.of(a, Pod.of("gw-b", "10.0.0.9:8080"))).orElseThrow().generation());
    }

    @Test
    void onlyASettledOrHeldSetIsUsableAndZeroPodsNeverAre() {
        PodRegistry registry = new PodRegistry(0);
        assertTrue(registry.usable().isEmpty());
        assertTrue(registry.refusal().contains("not known yet"));

        registry.accept(DiscoveredPods.state("test", DiscoveryState.HELD, "in flux"), 1);
        assertTrue(registry.usable().isEmpty(), "nothing to hold yet");

        registry.accept(new DiscoveredPods("test", DiscoveryState.SETTLED, null, List.of(a), 3), 2);
        assertEquals(3, registry.usable().orElseThrow().servingPods());
        assertTrue(registry.usable().orElseThrow().settled());

        registry.accept(DiscoveredPods.state("test", DiscoveryState.HELD, "revision 2 not seen"), 3);
        PodSet held = registry.usable().orElseThrow();
        assertEquals(List.of(a), held.pods());
        assertEquals(1, held.generation(), "holding is no change of the pods");
        assertEquals(DiscoveryState.HELD, held.state());
        assertTrue(registry.toJson(10).getBoolean("holding"));
        assertEquals(7L, registry.toJson(10).getLong("sinceMs"));

        assertTrue(registry.accept(DiscoveredPods.state("test", DiscoveryState.MISSING, "Deployment ns/gw does not exist"), 4).isPresent(),
                "the pods are gone: a new, empty generation");
        assertTrue(registry.usable().isEmpty());
        assertEquals("Deployment ns/gw does not exist", registry.refusal());

        registry.accept(DiscoveredPods.state("test", DiscoveryState.HELD, "in flux"), 5);
        assertTrue(registry.usable().isEmpty(), "an empty set is never held as usable");
        registry.accept(DiscoveredPods.of("test", List.of()), 6);
        assertEquals("no serving gateway pods", registry.refusal());
    }
}
