package io.syncer.discovery;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.syncer.model.Pod;
import io.syncer.model.DiscoveryState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.syncer.discovery.KubeObjects.endpoint;
import static io.syncer.discovery.KubeObjects.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service source's rules: every serving endpoint, terminating ones included. */
class EndpointSliceSelectionTest {

    @Test
    void checksEveryServingEndpointIncludingTerminatingOnes() {
        EndpointSlice slice = slice("apigw-x1", "apigw", List.of(
                endpoint("apigw-new-1", "10.0.1.1", true, true, false),
                endpoint("apigw-old-1", "10.0.0.1", false, true, true),
                endpoint("apigw-old-2", "10.0.0.2", false, false, true),
                endpoint("apigw-starting", "10.0.1.2", false, false, false)));

        List<Pod> pods = EndpointSliceSelection.select(List.of(slice), null, 8080).pods();

        assertEquals(List.of(Pod.of("apigw-new-1", "10.0.1.1:8080"), Pod.of("apigw-old-1", "10.0.0.1:8080")), pods);
    }

    @Test
    void withoutAServingConditionReadyDecidesAndWithNeitherTheEndpointServes() {
        assertTrue(EndpointSliceSelection.serving(null));
        assertTrue(EndpointSliceSelection.serving(new EndpointConditions(null, null, null)));
        assertFalse(EndpointSliceSelection.serving(new EndpointConditions(false, null, null)));
        assertTrue(EndpointSliceSelection.serving(new EndpointConditions(false, true, true)));
    }

    @Test
    void takesThePortNamedInTheSlice() {
        EndpointSlice slice = slice("apigw-x1", "apigw", List.of(endpoint("apigw-a", "10.0.1.1", true, true, false)));
        assertEquals("10.0.1.1:8081", EndpointSliceSelection.select(List.of(slice), "api", 8080).pods().get(0).address());
        PodSelection.Selection missing = EndpointSliceSelection.select(List.of(slice), "metrics", 8080);
        assertTrue(missing.pods().isEmpty());
        assertTrue(missing.problem().contains("no port named metrics"));
    }

    @Test
    void anEndpointInTwoSlicesIsCheckedOnceAndOneWithoutTargetRefIsNamedByAddress() {
        Endpoint bare = new EndpointBuilder().withAddresses("10.0.9.9").withNewConditions().withReady(true).endConditions().build();
        List<EndpointSlice> slices = List.of(
                slice("apigw-b", "apigw", List.of(endpoint("apigw-a", "10.0.1.1", true, true, false))),
                slice("apigw-a", "apigw", List.of(endpoint("apigw-a", "10.0.1.1", true, true, false), bare)));

        List<Pod> pods = EndpointSliceSelection.select(slices, null, 8080).pods();

        assertEquals(List.of("10.0.9.9", "apigw-a"), pods.stream().map(Pod::name).toList());
    }

    @Test
    void fqdnSlicesAreIgnoredAndAnEmptyServiceSaysSo() {
        EndpointSlice fqdn = new EndpointSliceBuilder(slice("apigw-f", "apigw",
                List.of(endpoint("apigw-a", "gw.example", true, true, false)))).withAddressType("FQDN").build();
        PodSelection.Selection selection = EndpointSliceSelection.select(List.of(fqdn), null, 8080);
        assertTrue(selection.pods().isEmpty());
        assertTrue(selection.problem().contains("no serving endpoints"));
        assertFalse((selection.state() == DiscoveryState.HELD));
    }
}
