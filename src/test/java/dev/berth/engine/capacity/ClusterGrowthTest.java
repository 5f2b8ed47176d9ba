package dev.berth.engine.capacity;

import dev.berth.cfn.TemplateParser;
import dev.berth.engine.stack.StackTemplates;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A cluster grows by itself when its stack's group has a MaxSize and an alarm runs a policy that adds instances. */
class ClusterGrowthTest {
    private static final String CLUSTER = StackTemplates.bundled("cluster");

    @Test
    void theBundledClusterGrowsToItsMaxSizeParameter() {
        ClusterGrowth growth = ClusterGrowth.of(TemplateParser.parse(CLUSTER), Map.of("MaxSize", "4")).orElseThrow();
        assertThat(growth.group()).isEqualTo("AutoScalingGroup");
        assertThat(growth.maxSize()).isEqualTo(4);
        assertThat(growth.mayAdd(2)).isEqualTo(2);
        assertThat(growth.mayAdd(4)).isZero();
        assertThat(growth.mayAdd(5)).isZero();
    }

    @Test
    void withoutAnAlarmRunningTheScaleUpPolicyItDoesNotGrow() {
        String noAlarms = CLUSTER.replace("AlarmActions: [!Ref ScaleUpPolicy]", "AlarmActions: []");
        assertThat(noAlarms).isNotEqualTo(CLUSTER);
        assertThat(ClusterGrowth.of(TemplateParser.parse(noAlarms), Map.of("MaxSize", "4"))).isEmpty();
    }

    @Test
    void aPolicyThatOnlyRemovesInstancesIsNoGrowth() {
        String shrinkOnly = CLUSTER.replace("      ScalingAdjustment: 1\n", "      ScalingAdjustment: -1\n");
        assertThat(shrinkOnly).isNotEqualTo(CLUSTER);
        assertThat(ClusterGrowth.of(TemplateParser.parse(shrinkOnly), Map.of("MaxSize", "4"))).isEmpty();
    }

    @Test
    void aMaxSizeThatIsNoNumberIsNoGrowth() {
        assertThat(ClusterGrowth.of(TemplateParser.parse(CLUSTER), Map.of("MaxSize", "many"))).isEmpty();
        assertThat(ClusterGrowth.of(TemplateParser.parse(CLUSTER), Map.of())).isEmpty();
    }
}
