package dev.berth.sim.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Counters stay bounded whatever operation names clients send. */
class ApiCountersTest {
    @Test
    void knownOperationsAreCountedByName() {
        ApiCounters counters = new ApiCounters();
        counters.call("ecs", "ListClusters");
        counters.call("ecs", "ListClusters");
        assertThat(counters.received()).containsEntry("ecs:ListClusters", 2L);
    }

    @Test
    void anOperationTheServiceDoesNotKnowMovesToTheUnknownBucket() {
        ApiCounters counters = new ApiCounters();
        counters.call("ecs", "Nope");
        counters.unknown("ecs", "Nope");
        counters.call("ecs", "Nope");
        counters.unknown("ecs", "Nope");
        assertThat(counters.received()).containsOnlyKeys("ecs:(unknown)").containsEntry("ecs:(unknown)", 2L);
    }

    @Test
    void namesThatAreNotOperationNamesAndNamesPastTheCapShareOneBucket() {
        ApiCounters counters = new ApiCounters();
        counters.call("cloudformation", "../../x");
        counters.call("cloudformation", "a".repeat(200));
        for (int i = 0; i < ApiCounters.MAX_KEYS + 100; i++) {
            counters.call("ecs", "Op" + i);
        }
        assertThat(counters.received()).hasSizeLessThanOrEqualTo(ApiCounters.MAX_KEYS + 2)
                .containsEntry("cloudformation:(unknown)", 2L)
                .containsKey("ecs:(unknown)");
    }
}
