package dev.berth.engine.roll;

import dev.berth.engine.roll.RollStep.Action;
import dev.berth.engine.roll.RollStep.Observation;
import dev.berth.engine.roll.RollStep.Phase;
import dev.berth.engine.roll.RollStep.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The roll's rules as tables: bounds, the plan, readiness, the next step, the recovery. */
class RollRulesTest {
    private static ServiceCount service(String name, int desired, int running, int pending, int min, int max) {
        return new ServiceCount(name, desired, running, pending, min, max, 1);
    }

    @ParameterizedTest(name = "desired {0} running {1} pending {2} at {3}/{4}: breaches {5}")
    @CsvSource({
            "4, 4, 0, 100, 200, ''",
            "4, 3, 0, 100, 200, below its minimum healthy 4",
            "4, 2, 0, 50, 200, ''",
            "4, 1, 0, 50, 200, below its minimum healthy 2",
            "3, 2, 0, 50, 200, ''",           // ceil(1.5) = 2
            "3, 1, 0, 50, 200, below its minimum healthy 2",
            "4, 4, 4, 100, 200, ''",
            "4, 4, 5, 100, 200, above its maximum 8",
            "3, 3, 1, 100, 100, above its maximum 3",
            "0, 0, 0, 100, 200, ''",
    })
    void everyServiceStaysBetweenItsMinimumHealthyAndMaximumCounts(int desired, int running, int pending, int min, int max,
                                                                   String breach) {
        List<String> breaches = RollBounds.breaches(List.of(service("web", desired, running, pending, min, max)));
        if (breach.isEmpty()) {
            assertThat(breaches).isEmpty();
        } else {
            assertThat(breaches).singleElement().asString().startsWith("web: ").contains(breach);
        }
    }

    @ParameterizedTest(name = "min {0} max {1} desired {2}; web {3} tasks at {4}% with {5} on one instance -> {6}")
    @CsvSource({
            "1, 4, 2, 2, 100, 1, SURGE",
            "1, 3, 3, 3, 100, 1, REFUSED",    // at MaxSize, and web cannot lose a task
            "1, 3, 3, 4, 50, 2, NO_SURGE",    // 4 - 2 = 2 >= ceil(4 x 0.5)
            "1, 3, 3, 4, 50, 3, REFUSED",     // 4 - 3 = 1 < 2
            "1, 3, 3, 0, 100, 0, NO_SURGE",
            "3, 3, 3, 6, 100, 2, REFUSED",
    })
    void aRollGrowsTheGroupWhenMaxSizeAllowsElseDrainsWithoutASpareOnlyWhenEveryServiceKeepsItsMinimum(
            int minSize, int maxSize, int desired, int tasks, int minPercent, int mostOnOne, RollPlan.Kind kind) {
        RollPlan plan = RollPlan.of(new RollPlan.GroupSize("ecs", minSize, maxSize, desired),
                List.of(new RollPlan.ServiceLoad(service("web", tasks, tasks, 0, minPercent, 200), mostOnOne)));
        assertThat(plan.kind()).isEqualTo(kind);
        if (kind == RollPlan.Kind.REFUSED) {
            assertThat(plan.reason()).contains("MaxSize " + maxSize).contains("service web")
                    .contains("MinimumHealthyPercent " + minPercent).contains("Raise the group's MaxSize to " + (desired + 1));
        }
    }

    @Test
    void theRefusalSaysHowLowMinimumHealthyPercentWouldHaveToGo() {
        RollPlan plan = RollPlan.of(new RollPlan.GroupSize("ecs", 1, 3, 3),
                List.of(new RollPlan.ServiceLoad(service("api", 3, 3, 0, 100, 200), 1)));
        assertThat(plan.reason()).contains("leave service api 2 of 3 tasks").contains("MinimumHealthyPercent to 66");
    }

    @Test
    void aClusterIsReadyWhenEveryInstanceServesIsActiveAndEveryServiceIsSteady() {
        ServiceCount steady = service("web", 2, 2, 0, 100, 200);
        assertThat(RollReadiness.problems("ecs", "c", 2, Map.of("i-1", "InService", "i-2", "InService"),
                Map.of("i-1", "ACTIVE", "i-2", "ACTIVE"), List.of(steady))).isEmpty();
        assertThat(RollReadiness.problems("ecs", "c", 2, Map.of("i-1", "InService", "i-2", "Pending"),
                Map.of("i-1", "ACTIVE"), List.of(steady))).containsExactly("instance i-2 is Pending, not InService");
        assertThat(RollReadiness.problems("ecs", "c", 1, Map.of("i-1", "InService"), Map.of(), List.of()))
                .containsExactly("instance i-1 is not registered with cluster c");
        assertThat(RollReadiness.problems("ecs", "c", 1, Map.of("i-1", "InService"), Map.of("i-1", "DRAINING"), List.of()))
                .containsExactly("instance i-1 is DRAINING in cluster c, not ACTIVE");
        assertThat(RollReadiness.problems("ecs", "c", 3, Map.of("i-1", "InService"), Map.of("i-1", "ACTIVE"), List.of()))
                .containsExactly("group ecs has 1 instances and wants 3; roll once it has settled");
        assertThat(RollReadiness.problems("ecs", "c", 0, Map.of(), Map.of(), List.of()))
                .containsExactly("group ecs has no instances to replace");
        assertThat(RollReadiness.problems("ecs", "c", 1, Map.of("i-1", "InService"), Map.of("i-1", "ACTIVE"),
                List.of(new ServiceCount("web", 2, 2, 0, 100, 200, 2)))).singleElement().asString()
                .contains("service web is not steady").contains("2 deployments");
    }

    private static Observation seen(Set<String> inGroup, Set<String> registered, Set<String> active, int tasksOnOld,
                                    boolean steady) {
        return new Observation(inGroup, registered, active, Set.of("i-old", "i-other"), tasksOnOld, steady);
    }

    @Test
    void withASpareTheRollGrowsWaitsForTheNewcomerDrainsWaitsTerminatesAndWaitsUntilTheOldOneLeft() {
        Set<String> before = Set.of("i-old", "i-other");
        Stage stage = Stage.start("i-old", true);
        var d = RollStep.next(stage, seen(before, before, before, 2, true));
        assertThat(d.action()).isEqualTo(Action.GROW);
        assertThat(d.stage().phase()).isEqualTo(Phase.AWAIT_NEW);
        // launched but not yet registered: wait
        d = RollStep.next(d.stage(), seen(Set.of("i-old", "i-other", "i-new"), before, before, 2, true));
        assertThat(d.action()).isEqualTo(Action.WAIT);
        // an ACTIVE instance outside the group is not the replacement
        d = RollStep.next(d.stage(), seen(before, Set.of("i-old", "i-other", "i-stray"), Set.of("i-old", "i-other", "i-stray"), 2, true));
        assertThat(d.action()).isEqualTo(Action.WAIT);
        Set<String> all = Set.of("i-old", "i-other", "i-new");
        d = RollStep.next(d.stage(), seen(all, all, all, 2, true));
        assertThat(d.action()).isEqualTo(Action.DRAIN);
        assertThat(d.stage().replacement()).isEqualTo("i-new");
        d = RollStep.next(d.stage(), seen(all, all, Set.of("i-other", "i-new"), 1, false));
        assertThat(d.action()).isEqualTo(Action.WAIT);
        d = RollStep.next(d.stage(), seen(all, all, Set.of("i-other", "i-new"), 0, false));
        assertThat(d.action()).as("empty, but a service is not steady yet").isEqualTo(Action.WAIT);
        d = RollStep.next(d.stage(), seen(all, all, Set.of("i-other", "i-new"), 0, true));
        assertThat(d.action()).isEqualTo(Action.TERMINATE);
        d = RollStep.next(d.stage(), seen(all, Set.of("i-other", "i-new"), Set.of("i-other", "i-new"), 0, true));
        assertThat(d.action()).as("still in the group while its hook runs").isEqualTo(Action.WAIT);
        d = RollStep.next(d.stage(), seen(Set.of("i-other", "i-new"), all, Set.of("i-other", "i-new"), 0, true));
        assertThat(d.action()).as("still registered").isEqualTo(Action.WAIT);
        d = RollStep.next(d.stage(), seen(Set.of("i-other", "i-new"), Set.of("i-other", "i-new"), Set.of("i-other", "i-new"), 0, true));
        assertThat(d.action()).isEqualTo(Action.DONE);
        assertThat(d.stage().replacement()).isEqualTo("i-new");
    }

    @Test
    void withoutASpareTheRollDrainsFirstAndTakesTheGroupsOwnReplacement() {
        Set<String> before = Set.of("i-old", "i-other");
        var d = RollStep.next(Stage.start("i-old", false), seen(before, before, before, 1, true));
        assertThat(d.action()).isEqualTo(Action.DRAIN);
        d = RollStep.next(d.stage(), seen(before, before, Set.of("i-other"), 0, true));
        assertThat(d.action()).isEqualTo(Action.TERMINATE);
        d = RollStep.next(d.stage(), seen(Set.of("i-old", "i-other", "i-new"), before, Set.of("i-other"), 0, true));
        assertThat(d.action()).isEqualTo(Action.WAIT);
        // the old one left and its replacement is ACTIVE in the same poll: done at once
        Set<String> after = Set.of("i-other", "i-new");
        d = RollStep.next(d.stage(), seen(after, after, after, 0, true));
        assertThat(d.action()).isEqualTo(Action.DONE);
        assertThat(d.stage().replacement()).isEqualTo("i-new");
    }

    @Test
    void theRecoverySaysWhatToUndoFromWhereTheInstanceStands() {
        Stage draining = new Stage("i-old", true, Phase.AWAIT_DRAINED, "i-new");
        assertThat(RollRecovery.of(draining, "ecs", "ecs-asg", "c", 3, "arn:ci"))
                .contains("--container-instances arn:ci --status ACTIVE")
                .contains("set-desired-capacity --auto-scaling-group-name ecs-asg --desired-capacity 3");
        assertThat(RollRecovery.of(new Stage("i-old", false, Phase.AWAIT_DRAINED, null), "ecs", "g", "c", 3, "arn:ci"))
                .contains("--status ACTIVE").doesNotContain("set-desired-capacity");
        assertThat(RollRecovery.of(new Stage("i-old", true, Phase.AWAIT_NEW, null), "ecs", "g", "c", 2, "arn:ci"))
                .contains("--desired-capacity 2").doesNotContain("DRAINING");
        assertThat(RollRecovery.of(new Stage("i-old", true, Phase.AWAIT_GONE, "i-new"), "ecs", "g", "c", 2, "arn:ci"))
                .contains("nothing to undo");
    }

    @ParameterizedTest(name = "suspended [{0}]: the roll suspends [{1}], pre-flight problems mention [{2}]")
    @CsvSource(delimiter = '|', value = {
            "''                                            | AlarmNotification AZRebalance ScheduledActions | ''",
            "AZRebalance                                   | AlarmNotification ScheduledActions             | ''",
            "AlarmNotification AZRebalance ScheduledActions | ''                                             | ''",
            "HealthCheck ReplaceUnhealthy                  | AlarmNotification AZRebalance ScheduledActions | ''",
            "Launch                                        | AlarmNotification AZRebalance ScheduledActions | Launch",
            "Terminate AlarmNotification                   | AZRebalance ScheduledActions                   | Terminate",
            "Launch Terminate                              | AlarmNotification AZRebalance ScheduledActions | Launch Terminate",
    })
    void theRollSuspendsTheGuardedProcessesNotSuspendedAlreadyAndNeedsLaunchAndTerminate(String suspended, String toSuspend,
                                                                                          String blocked) {
        Set<String> already = suspended.isBlank() ? Set.of() : Set.of(suspended.split(" "));
        assertThat(RollProcesses.toSuspend(already)).isEqualTo(toSuspend.isBlank() ? List.of() : List.of(toSuspend.split(" ")));
        List<String> problems = RollProcesses.problems("g", already);
        List<String> expected = blocked.isBlank() ? List.of() : List.of(blocked.split(" "));
        assertThat(problems).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(problems.get(i)).contains("has its " + expected.get(i) + " process suspended")
                    .contains("--auto-scaling-group-name g --scaling-processes " + expected.get(i));
        }
    }
}
