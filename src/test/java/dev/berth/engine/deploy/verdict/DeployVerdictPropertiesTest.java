package dev.berth.engine.deploy.verdict;

import dev.berth.engine.Outcome;
import dev.berth.engine.rollout.PollLoop;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.berth.engine.deploy.verdict.Observations.TD1;
import static dev.berth.engine.deploy.verdict.Observations.TD2;
import static dev.berth.engine.deploy.verdict.Observations.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the decision core over generated observations, and of the driver over generated
 * sequences of them: never SUCCEEDED unless every service the stack owns runs, as a COMPLETED
 * PRIMARY, the task definition the stack names; never a verdict later than the deadline plus the
 * rollback grace plus one poll, whatever AWS answers and however slowly.
 */
class DeployVerdictPropertiesTest {
    private static final List<String> STATUSES = List.of("UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
            "UPDATE_COMPLETE", "UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED",
            "UPDATE_FAILED");

    @Provide
    Arbitrary<Observation> observations() {
        Arbitrary<List<Map.Entry<OwnedService, ServiceState>>> services = service().list().ofMinSize(0).ofMaxSize(3);
        return Combinators.combine(Arbitraries.of(STATUSES), Arbitraries.of("1", "2", "repo/web:2"), services)
                .as((status, version, list) -> {
                    List<OwnedService> owned = new ArrayList<>();
                    Map<String, ServiceState> states = new LinkedHashMap<>();
                    for (int i = 0; i < list.size(); i++) {
                        String arn = "arn:aws:ecs:us-east-1:123456789012:service/apps/s" + i;
                        OwnedService o = list.get(i).getKey();
                        ServiceState s = list.get(i).getValue();
                        owned.add(new OwnedService(o.logicalId(), "apps", arn, o.expectedTaskDefinition(), o.expectedFrom()));
                        if (s.found()) {
                            states.put(arn, new ServiceState(arn, true, s.status(), s.taskDefinition(), s.primaryTaskDefinition(),
                                    s.primaryRolloutState(), s.deployments(), s.running(), s.desired(), "ECS", "ROLLING"));
                        }
                    }
                    return new Observation(status, Map.of("Version", version), owned, states);
                });
    }

    private Arbitrary<Map.Entry<OwnedService, ServiceState>> service() {
        Arbitrary<String> definitions = Arbitraries.of(TD1, TD2, "web:2").injectNull(0.1);
        Arbitrary<String> rollout = Arbitraries.of("COMPLETED", "IN_PROGRESS", "FAILED").injectNull(0.1);
        return Combinators.combine(definitions, definitions, rollout, Arbitraries.integers().between(1, 3),
                Arbitraries.of("ACTIVE", "DRAINING"), Arbitraries.of(true, true, true, false)).as((expected, primary, state, deployments, status, found) ->
                Map.entry(new OwnedService("S", "apps", "x", expected, "generated"),
                        found ? new ServiceState("x", true, status, primary, primary, state, deployments, 1, 1, "ECS", "ROLLING")
                                : ServiceState.missing("x")));
    }

    @Provide
    Arbitrary<Progress> progress() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.of("Service: failed").injectNull(0.5), Arbitraries.of("cannot connect").injectNull(0.5))
                .as((cancelled, grace, failure, error) -> new Progress(cancelled, grace, failure, List.of(), "", error));
    }

    @Property(tries = 2000)
    void neverSucceededUnlessEveryOwnedServiceRunsTheStacksTaskDefinitionCompleted(
            @ForAll("observations") Observation observed, @ForAll("progress") Progress progress) {
        Verdict verdict = DeployVerdicts.decide(request(), progress, observed, Optional.empty());
        if (verdict.outcome() == Outcome.SUCCEEDED) {
            assertThat(observed.stackStatus()).isEqualTo("UPDATE_COMPLETE");
            assertThat(progress.cancelled()).isFalse();
            assertThat(request().versionIn(observed.parameters().get("Version"))).isTrue();
            for (OwnedService service : observed.services()) {
                ServiceState state = observed.state(service);
                assertThat(service.expectedTaskDefinition()).isNotNull();
                assertThat(state.found()).isTrue();
                assertThat(TaskDefinitionNames.same(state.primaryTaskDefinition(), service.expectedTaskDefinition())).isTrue();
                assertThat(state.primaryRolloutState()).isEqualTo("COMPLETED");
            }
        }
        if (verdict.outcome() == Outcome.ROLLED_BACK) {
            assertThat(observed.stackStatus()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
            for (OwnedService service : observed.services()) {
                assertThat(observed.state(service).runsCompleted(service.expectedTaskDefinition())).isTrue();
                assertThat(observed.state(service).deployments()).isEqualTo(1);
            }
        }
        if (!DeployVerdicts.finished(observed.stackStatus())) {
            assertThat(verdict.outcome()).isEqualTo(Outcome.TIMED_OUT);
            assertThat(verdict.recovery()).isEqualTo(request().follow());
        }
        assertThat(verdict.outcome()).isNotEqualTo(Outcome.UNCHANGED);
    }

    /** One answer of AWS in a generated sequence: what it says, and how long the call took (within its budget). */
    record Answer(Observation observed, long callMillis, boolean lost) {
    }

    @Provide
    Arbitrary<List<Answer>> sequences() {
        Arbitrary<Answer> answer = Combinators.combine(observations(), Arbitraries.longs().between(0, 60_000),
                Arbitraries.of(false, false, false, true)).as(Answer::new);
        return answer.list().ofMinSize(1).ofMaxSize(400);
    }

    @Property(tries = 300)
    void theVerdictComesByTheDeadlinePlusTheGracePlusOnePoll(@ForAll("sequences") List<Answer> answers,
                                                              @ForAll("progress") Progress ignored) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Deadlines deadlines = Deadlines.of(clock.instant(), Duration.ofMinutes(1), Duration.ofMinutes(2));
        PollLoop loop = new PollLoop(clock, clock::advance);
        int[] next = {0};
        Observation[] last = {null};
        Duration[] longestCall = {Duration.ZERO};
        PollLoop.Step step = () -> {
            Answer answer = answers.get(Math.min(next[0]++, answers.size() - 1));
            // every call is bounded by the budget the deadlines give it, as the SDK's apiCallTimeout bounds it
            Duration call = Duration.ofMillis(answer.callMillis());
            Duration budget = deadlines.callBudget(clock.instant());
            Duration took = call.compareTo(budget) < 0 ? call : budget;
            longestCall[0] = took.compareTo(longestCall[0]) > 0 ? took : longestCall[0];
            clock.advance(took);
            if (!answer.lost()) {
                last[0] = answer.observed();
            }
            boolean done = last[0] != null && DeployVerdicts.finished(last[0].stackStatus());
            return done ? Optional.empty() : Optional.of(clock.instant().plusSeconds(2));
        };
        boolean done = loop.run(deadlines.rollout(), step);
        boolean cancelled = !done;
        if (!done) {
            done = loop.run(deadlines.hard(), step);
        }
        Verdict verdict = DeployVerdicts.decide(request(), new Progress(cancelled, !done, null, List.of(), "", null),
                last[0], Optional.empty());
        assertThat(clock.instant()).isBeforeOrEqualTo(deadlines.hard().plus(longestCall[0]));
        assertThat(clock.instant()).isBeforeOrEqualTo(deadlines.hard().plus(Duration.ofSeconds(30)));
        if (verdict.outcome() == Outcome.SUCCEEDED) {
            assertThat(cancelled).isFalse();
            assertThat(last[0].stackStatus()).isEqualTo("UPDATE_COMPLETE");
        }
        if (cancelled) {
            assertThat(verdict.outcome()).isIn(Outcome.TIMED_OUT, Outcome.NEEDS_ATTENTION, Outcome.FAILED);
        }
    }

    /** A clock that moves only when told: sleeping advances it. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
