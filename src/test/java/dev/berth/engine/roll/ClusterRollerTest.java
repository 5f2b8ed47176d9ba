package dev.berth.engine.roll;

import dev.berth.engine.Outcome;
import dev.berth.engine.RefusedException;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.rollout.PollLoop;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The roll's driver against a scripted cluster: each read moves the cluster one step (a launched
 * instance registers, a drained one empties, a terminated one leaves), so the verdicts come out
 * in milliseconds: success, a breach that stops the roll, a deadline, a failed call, a refusal.
 */
class ClusterRollerTest {
    /** A fake clock that the loop's sleeps advance. */
    static final class FakeClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Instances by id with their state: Pending (launched), ACTIVE, DRAINING, Terminating, gone. */
    static final class FakeCluster implements RollCalls {
        final Map<String, String> states = new TreeMap<>();
        int desired;
        int maxSize = 4;
        int web = 2;
        int webMinimumPercent = 100;
        int reads;
        int next = 100;
        boolean registerNewcomers = true;
        IntPredicate breachAtRead = read -> false;
        IntPredicate goneAtRead = read -> false;
        RuntimeException failTerminate;
        RuntimeException failResume;
        final Set<String> suspended = new TreeSet<>();
        final List<String> calls = new ArrayList<>();

        FakeCluster(String... ids) {
            for (String id : ids) {
                states.put(id, "ACTIVE");
            }
            desired = ids.length;
        }

        @Override
        public Target target(String stack) {
            if (!stack.equals("ecs")) {
                throw new RefusedException("stack " + stack + " does not exist");
            }
            return new Target("ecs", "ecs-group", "ecs-cluster");
        }

        @Override
        public Snapshot read(Target target) {
            reads++;
            if (goneAtRead.test(reads)) {
                throw new RefusedException("Auto Scaling group ecs-group of stack ecs does not exist");
            }
            // one step of the world: launched instances register, drained ones are empty, terminated ones leave
            states.replaceAll((id, state) -> switch (state) {
                case "Pending" -> registerNewcomers ? "ACTIVE" : "Pending";
                case "Terminating" -> "gone";
                default -> state;
            });
            states.values().removeIf("gone"::equals);
            Map<String, String> lifecycle = new LinkedHashMap<>();
            Map<String, Registered> registered = new LinkedHashMap<>();
            states.forEach((id, state) -> {
                lifecycle.put(id, state.equals("Pending") ? "Pending" : state.equals("Terminating") ? "Terminating:Wait" : "InService");
                if (!state.equals("Pending") && !state.equals("Terminating")) {
                    registered.put(id, new Registered("arn:" + id, state, 0));
                }
            });
            int running = breachAtRead.test(reads) ? 1 : web;
            return new Snapshot(new RollPlan.GroupSize("ecs-group", 1, maxSize, desired), lifecycle, registered,
                    List.of(new ServiceCount("web", web, running, 0, webMinimumPercent, 200, 1)), Set.copyOf(suspended));
        }

        @Override
        public int mostOnOneInstance(String cluster, String service) {
            return 1;
        }

        @Override
        public void setDesiredCapacity(Target target, int to) {
            calls.add("grow " + to);
            desired = to;
            states.put("i-" + next++, "Pending");
        }

        @Override
        public void drain(Target target, String arn) {
            calls.add("drain " + arn);
            states.put(arn.substring("arn:".length()), "DRAINING");
        }

        @Override
        public void terminate(String id, boolean decrement) {
            if (failTerminate != null) {
                throw failTerminate;
            }
            calls.add("terminate " + id + (decrement ? " -1" : ""));
            states.put(id, "Terminating");
            if (decrement) {
                desired--;
            } else {
                states.put("i-" + next++, "Pending");
            }
        }

        @Override
        public void suspend(Target target, List<String> processes) {
            calls.add("suspend " + String.join(",", processes));
            suspended.addAll(processes);
        }

        @Override
        public void resume(Target target, List<String> processes) {
            if (failResume != null) {
                throw failResume;
            }
            calls.add("resume " + String.join(",", processes));
            processes.forEach(suspended::remove);
        }
    }

    private final FakeClock clock = new FakeClock();
    private final List<BerthEvent> events = new ArrayList<>();

    private RollResult roll(FakeCluster cluster, Duration timeout) throws InterruptedException {
        PollLoop loop = new PollLoop(clock, d -> clock.now = clock.now.plus(d));
        return new ClusterRoller(cluster, loop, events::add).roll(new RollOptions("ecs", timeout, Duration.ofSeconds(10)));
    }

    @Test
    void eachInstanceIsReplacedBySpareThenDrainedAndTerminated() throws Exception {
        FakeCluster cluster = new FakeCluster("i-1", "i-2");
        RollResult result = roll(cluster, Duration.ofHours(1));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.plan()).isEqualTo("SURGE");
        assertThat(result.replaced()).containsExactly(new RollResult.Replacement("i-1", "i-100"),
                new RollResult.Replacement("i-2", "i-101"));
        assertThat(cluster.calls).containsExactly("suspend AlarmNotification,AZRebalance,ScheduledActions", "grow 3", "drain arn:i-1", "terminate i-1 -1",
                "grow 3", "drain arn:i-2", "terminate i-2 -1", "resume AlarmNotification,AZRebalance,ScheduledActions");
        assertThat(cluster.suspended).as("processes left suspended").isEmpty();
        assertThat(cluster.states.keySet()).containsExactly("i-100", "i-101");
        assertThat(result.lowestRunning()).containsEntry("web", 2);
        assertThat(events).last().isInstanceOf(BerthEvent.VerdictReached.class);
    }

    @Test
    void atMaxSizeAServiceThatCannotLoseATaskIsRefusedBeforeAnyCall() {
        FakeCluster cluster = new FakeCluster("i-1", "i-2");
        cluster.maxSize = 2;
        assertThatThrownBy(() -> roll(cluster, Duration.ofHours(1))).isInstanceOf(RefusedException.class)
                .hasMessageContaining("MaxSize 2").hasMessageContaining("MinimumHealthyPercent 100");
        assertThat(cluster.calls).isEmpty();
    }

    @Test
    void atMaxSizeTheGroupReplacesEachTerminatedInstanceItselfWhenEveryServiceMayLoseATask() throws Exception {
        FakeCluster cluster = new FakeCluster("i-1", "i-2");
        cluster.maxSize = 2;
        cluster.webMinimumPercent = 50;
        RollResult result = roll(cluster, Duration.ofHours(1));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.plan()).isEqualTo("NO_SURGE");
        assertThat(cluster.calls).containsExactly("suspend AlarmNotification,AZRebalance,ScheduledActions", "drain arn:i-1", "terminate i-1", "drain arn:i-2",
                "terminate i-2", "resume AlarmNotification,AZRebalance,ScheduledActions");
        assertThat(result.replaced()).extracting(RollResult.Replacement::newInstance).containsExactly("i-100", "i-101");
    }

    @Test
    void aBreachStopsTheRollAtOnceWithTheCommandThatTakesTheInstanceBack() throws Exception {
        FakeCluster cluster = new FakeCluster("i-1", "i-2");
        cluster.breachAtRead = read -> read == 4; // pre-flight, grow, newcomer seen + drain, then the breach
        RollResult result = roll(cluster, Duration.ofHours(1));

        assertThat(result.outcome()).isEqualTo(Outcome.NEEDS_ATTENTION);
        assertThat(result.outcome().exitCode()).isEqualTo(5);
        assertThat(result.breaches()).singleElement().asString().contains("below its minimum healthy 2");
        assertThat(result.lowestRunning()).containsEntry("web", 1);
        assertThat(cluster.calls).as("resumed after the breach").containsExactly("suspend AlarmNotification,AZRebalance,ScheduledActions", "grow 3", "drain arn:i-1", "resume AlarmNotification,AZRebalance,ScheduledActions");
        assertThat(cluster.suspended).isEmpty();
        assertThat(result.recovery()).contains("--container-instances arn:i-1 --status ACTIVE")
                .contains("--desired-capacity 2");
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(BerthEvent.Warning.class,
                w -> assertThat(w.message()).startsWith("bounds breached: web: 1 running")));
    }

    @Test
    void aNewcomerThatNeverRegistersEndsAtTheDeadlineWithTheCommandThatShrinksTheGroupBack() throws Exception {
        FakeCluster cluster = new FakeCluster("i-1", "i-2");
        cluster.registerNewcomers = false;
        RollResult result = roll(cluster, Duration.ofMinutes(5));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.reason()).contains("i-1 was at AWAIT_NEW").contains("0 of 2 instances replaced");
        assertThat(result.recovery()).contains("set-desired-capacity --auto-scaling-group-name ecs-group --desired-capacity 2");
        assertThat(Duration.between(Instant.parse("2026-01-01T00:00:00Z"), clock.now)).isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(cluster.calls).as("resumed after the timeout").containsExactly("suspend AlarmNotification,AZRebalance,ScheduledActions", "grow 3", "resume AlarmNotification,AZRebalance,ScheduledActions");
        assertThat(cluster.suspended).isEmpty();
    }

    @Test
    void aCallThatFailsPartWayIsFailedWithWhereTheInstanceStands() throws Exception {
        FakeCluster cluster = new FakeCluster("i-1");
        cluster.failTerminate = SdkClientException.create("connection reset");
        RollResult result = roll(cluster, Duration.ofHours(1));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).contains("i-1 was at AWAIT_DRAINED").contains("connection reset");
        assertThat(result.recovery()).contains("--status ACTIVE");
        assertThat(cluster.calls).last().isEqualTo("resume AlarmNotification,AZRebalance,ScheduledActions");
        assertThat(cluster.suspended).isEmpty();
    }

    @Test
    void aGroupThatVanishesMidRollIsRefusedAfterTheRollResumedWhatItSuspended() {
        FakeCluster cluster = new FakeCluster("i-1");
        cluster.goneAtRead = read -> read == 3;
        assertThatThrownBy(() -> roll(cluster, Duration.ofHours(1))).isInstanceOf(RefusedException.class)
                .hasMessageContaining("does not exist");
        assertThat(cluster.calls).last().isEqualTo("resume AlarmNotification,AZRebalance,ScheduledActions");
        assertThat(cluster.suspended).isEmpty();
    }

    @Test
    void processesSuspendedBeforeTheRollStaySuspendedAndOnlyTheRollsOwnAreResumed() throws Exception {
        FakeCluster cluster = new FakeCluster("i-1");
        cluster.suspended.addAll(List.of("AZRebalance", "HealthCheck"));
        RollResult result = roll(cluster, Duration.ofHours(1));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(cluster.calls).first().isEqualTo("suspend AlarmNotification,ScheduledActions");
        assertThat(cluster.calls).last().isEqualTo("resume AlarmNotification,ScheduledActions");
        assertThat(cluster.suspended).containsExactly("AZRebalance", "HealthCheck");
    }

    @Test
    void whenEveryGuardedProcessIsSuspendedAlreadyTheRollNeitherSuspendsNorResumes() throws Exception {
        FakeCluster cluster = new FakeCluster("i-1");
        cluster.suspended.addAll(RollProcesses.GUARDED);
        assertThat(roll(cluster, Duration.ofHours(1)).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(cluster.calls).noneMatch(c -> c.startsWith("suspend") || c.startsWith("resume"));
        assertThat(cluster.suspended).containsExactlyInAnyOrderElementsOf(RollProcesses.GUARDED);
    }

    @Test
    void aGroupThatCannotLaunchOrTerminateIsRefusedBeforeAnyCall() {
        FakeCluster cluster = new FakeCluster("i-1", "i-2");
        cluster.suspended.add("Terminate");
        assertThatThrownBy(() -> roll(cluster, Duration.ofHours(1))).isInstanceOf(RefusedException.class)
                .hasMessageContaining("group ecs-group has its Terminate process suspended")
                .hasMessageContaining("aws autoscaling resume-processes --auto-scaling-group-name ecs-group --scaling-processes Terminate");
        assertThat(cluster.calls).isEmpty();
    }

    @Test
    void aResumeThatFailsTurnsASuccessIntoNeedsAttentionWithTheCommandThatResumes() throws Exception {
        FakeCluster cluster = new FakeCluster("i-1");
        cluster.failResume = SdkClientException.create("connection refused");
        RollResult result = roll(cluster, Duration.ofHours(1));

        assertThat(result.outcome()).isEqualTo(Outcome.NEEDS_ATTENTION);
        assertThat(result.replaced()).hasSize(1);
        assertThat(result.reason()).contains("replaced 1 instance of group").contains("resuming AlarmNotification, AZRebalance, "
                + "ScheduledActions of group ecs-group failed").contains("connection refused");
        assertThat(result.recovery()).contains("aws autoscaling resume-processes --auto-scaling-group-name ecs-group "
                + "--scaling-processes AlarmNotification AZRebalance ScheduledActions");
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(BerthEvent.Warning.class));
        assertThat(events).last().isInstanceOfSatisfying(BerthEvent.VerdictReached.class,
                v -> assertThat(v.outcome()).isEqualTo(Outcome.NEEDS_ATTENTION));
    }

    @Test
    void aResumeThatFailsAfterATimeoutKeepsTheTimeoutAndAddsTheResumeToTheRecovery() throws Exception {
        FakeCluster cluster = new FakeCluster("i-1");
        cluster.registerNewcomers = false;
        cluster.failResume = SdkClientException.create("throttled");
        RollResult result = roll(cluster, Duration.ofMinutes(2));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.recovery()).contains("--desired-capacity 1").contains("resume-processes");
    }

    @Test
    void aStackThatIsNotThereIsRefusedBeforeAnyCall() {
        FakeCluster cluster = new FakeCluster("i-1");
        PollLoop loop = new PollLoop(clock, d -> clock.now = clock.now.plus(d));
        assertThatThrownBy(() -> new ClusterRoller(cluster, loop, events::add)
                .roll(new RollOptions("nope", Duration.ofHours(1), Duration.ofSeconds(10))))
                .isInstanceOf(RefusedException.class).hasMessage("stack nope does not exist");
        assertThat(cluster.calls).isEmpty();
        assertThat(cluster.reads).isZero();
    }
}
