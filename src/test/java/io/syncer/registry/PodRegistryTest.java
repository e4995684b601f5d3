package io.syncer.registry;

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
        assertTrue(new PodRegistry().current().isEmpty());
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
        assertEquals(3, registry.current().orElseThrow().generation());
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
}
