package dev.berth.engine.deploy.verdict;

import dev.berth.engine.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.berth.engine.deploy.verdict.Observations.TD1;
import static dev.berth.engine.deploy.verdict.Observations.TD2;
import static dev.berth.engine.deploy.verdict.Observations.WEB;
import static dev.berth.engine.deploy.verdict.Observations.observation;
import static dev.berth.engine.deploy.verdict.Observations.owned;
import static dev.berth.engine.deploy.verdict.Observations.request;
import static dev.berth.engine.deploy.verdict.Observations.running;
import static org.assertj.core.api.Assertions.assertThat;

/** The decision core's rules, one row a case: what was observed, and the verdict it must give. */
class DeployVerdictsTest {
    private static final Progress CANCELLED = new Progress(true, false, null, List.of(), "", null);
    private static final Progress CANCELLED_GRACE_OVER = new Progress(true, true, null, List.of(), "", null);
    private static final Progress FAILED = new Progress(false, false,
            "Service: ECS Deployment Circuit Breaker was triggered", List.of(), " (tasks stopped: 3 x exit 1)", null);
    private static final Progress ROLLBACK_FAILED = new Progress(false, false, "Service: failed", List.of("Service"), "", null);

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("updated, service runs the stack's new task definition, COMPLETED", Progress.NONE,
                        observation("UPDATE_COMPLETE", "2", owned(WEB, TD2), running(WEB, TD2, "COMPLETED", 1)),
                        Outcome.SUCCEEDED, "UPDATE_COMPLETE at version 2"),
                Arguments.of("updated, but ECS never applied it: PRIMARY still on the old one", Progress.NONE,
                        observation("UPDATE_COMPLETE", "2", owned(WEB, TD2), running(WEB, TD1, "COMPLETED", 1)),
                        Outcome.NEEDS_ATTENTION, "service web runs web:1 (primary deployment, rollout COMPLETED, 2/2 tasks), not web:2 that the stack names"),
                Arguments.of("updated, rollout still IN_PROGRESS", Progress.NONE,
                        observation("UPDATE_COMPLETE", "2", owned(WEB, TD2), running(WEB, TD2, "IN_PROGRESS", 2)),
                        Outcome.NEEDS_ATTENTION, "rollout IN_PROGRESS"),
                Arguments.of("updated, rollout state not reported", Progress.NONE,
                        observation("UPDATE_COMPLETE", "2", owned(WEB, TD2), running(WEB, TD2, null, 1)),
                        Outcome.NEEDS_ATTENTION, "rollout state not reported"),
                Arguments.of("updated, service gone", Progress.NONE,
                        observation("UPDATE_COMPLETE", "2", owned(WEB, TD2), ServiceState.missing(WEB)),
                        Outcome.NEEDS_ATTENTION, "is not found in ECS"),
                Arguments.of("updated, but the parameter says another version", Progress.NONE,
                        observation("UPDATE_COMPLETE", "3", owned(WEB, TD2), running(WEB, TD2, "COMPLETED", 1)),
                        Outcome.NEEDS_ATTENTION, "its parameter Version is 3, not 2"),
                Arguments.of("updated, the stack does not say which task definition", Progress.NONE,
                        observation("UPDATE_COMPLETE", "2", owned(WEB, null), running(WEB, TD2, "COMPLETED", 1)),
                        Outcome.NEEDS_ATTENTION, "berth cannot tell which task definition service web must run"),
                Arguments.of("breaker failed the update, stack and service back on the old one", FAILED,
                        observation("UPDATE_ROLLBACK_COMPLETE", "1", owned(WEB, TD1), running(WEB, TD1, "COMPLETED", 1)),
                        Outcome.ROLLED_BACK, "Circuit Breaker was triggered (tasks stopped: 3 x exit 1); stack web-prod rolled back to version 1; service web is back on web:1"),
                Arguments.of("rolled back, but the service still runs the new one", FAILED,
                        observation("UPDATE_ROLLBACK_COMPLETE", "1", owned(WEB, TD1), running(WEB, TD2, "COMPLETED", 1)),
                        Outcome.NEEDS_ATTENTION, "rolled back but service web runs web:2"),
                Arguments.of("rolled back, the old deployment not alone yet", FAILED,
                        observation("UPDATE_ROLLBACK_COMPLETE", "1", owned(WEB, TD1), running(WEB, TD1, "COMPLETED", 2)),
                        Outcome.NEEDS_ATTENTION, "that the stack names alone"),
                Arguments.of("cancelled at the deadline and rolled back", CANCELLED,
                        observation("UPDATE_ROLLBACK_COMPLETE", "1", owned(WEB, TD1), running(WEB, TD1, "COMPLETED", 1)),
                        Outcome.TIMED_OUT, "no verdict within PT5M; the update was cancelled; stack web-prod rolled back to version 1"),
                Arguments.of("cancelled, rollback still running when the grace ran out", CANCELLED_GRACE_OVER,
                        observation("UPDATE_ROLLBACK_IN_PROGRESS", "2", owned(WEB, TD2), running(WEB, TD2, "IN_PROGRESS", 2)),
                        Outcome.TIMED_OUT, "did not finish rolling back within the rollback grace of PT10M; stack web-prod is still UPDATE_ROLLBACK_IN_PROGRESS. The same command follows it: berth deploy --stack web-prod --version 2"),
                Arguments.of("cancelled too late: the update completed", CANCELLED,
                        observation("UPDATE_COMPLETE", "2", owned(WEB, TD2), running(WEB, TD2, "COMPLETED", 1)),
                        Outcome.TIMED_OUT, "could no longer be cancelled"),
                Arguments.of("cancelled too late: the update completed, but the service never ran it", CANCELLED,
                        observation("UPDATE_COMPLETE", "2", owned(WEB, TD2), running(WEB, TD1, "COMPLETED", 1)),
                        Outcome.NEEDS_ATTENTION, "could no longer be cancelled and completed after the deadline; stack web-prod runs version 2; but service web runs web:1"),
                Arguments.of("rollback failed", ROLLBACK_FAILED,
                        observation("UPDATE_ROLLBACK_FAILED", "2", owned(WEB, TD2), running(WEB, TD2, "FAILED", 1)),
                        Outcome.NEEDS_ATTENTION, "Recover with: aws cloudformation continue-update-rollback --stack-name web-prod --resources-to-skip Service"),
                Arguments.of("another failure status", FAILED,
                        observation("UPDATE_FAILED", "2", owned(WEB, TD2), running(WEB, TD2, "FAILED", 1)),
                        Outcome.FAILED, "stack web-prod is UPDATE_FAILED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void verdicts(String row, Progress progress, Observation observed, Outcome outcome, String reason) {
        Verdict verdict = DeployVerdicts.decide(request(), progress, observed, Optional.empty());
        assertThat(verdict.outcome()).as(verdict.reason()).isEqualTo(outcome);
        assertThat(verdict.reason()).contains(reason);
    }

    @Test
    void withoutAnyAnswerTheVerdictSaysTheUpdateWasStartedAndHowToFollowIt() {
        Progress lost = new Progress(false, true, null, List.of(), "", "cannot connect to the AWS endpoint");
        Verdict verdict = DeployVerdicts.decide(request(), lost, null, Optional.empty());
        assertThat(verdict.outcome()).isEqualTo(Outcome.NEEDS_ATTENTION);
        assertThat(verdict.outcome().exitCode()).isEqualTo(5);
        assertThat(verdict.reason()).contains("was started").contains("cannot connect").contains("state is unknown");
        assertThat(verdict.recovery()).isEqualTo("berth deploy --stack web-prod --version 2");
    }

    @Test
    void aMovedDigestNeedsAttentionEvenWhenEverythingElseAgrees() {
        Verdict verdict = DeployVerdicts.decide(request(), Progress.NONE,
                observation("UPDATE_COMPLETE", "2", owned(WEB, TD2), running(WEB, TD2, "COMPLETED", 1)),
                Optional.of("the tag was moved"));
        assertThat(verdict.outcome()).isEqualTo(Outcome.NEEDS_ATTENTION);
    }

    @Test
    void unchangedOnlyWhenTheParameterAndTheServicesAgree() {
        assertThat(DeployVerdicts.unchanged(request(),
                observation("UPDATE_COMPLETE", "2", owned(WEB, TD2), running(WEB, TD2, "COMPLETED", 1))).outcome())
                .isEqualTo(Outcome.UNCHANGED);
        Verdict otherVersion = DeployVerdicts.unchanged(request(),
                observation("UPDATE_COMPLETE", "1", owned(WEB, TD1), running(WEB, TD1, "COMPLETED", 1)));
        assertThat(otherVersion.outcome()).isEqualTo(Outcome.NEEDS_ATTENTION);
        assertThat(otherVersion.reason()).contains("CloudFormation found nothing to change").contains("its parameter Version is 1, not 2");
        Verdict serviceBehind = DeployVerdicts.unchanged(request(),
                observation("UPDATE_COMPLETE", "2", owned(WEB, TD2), running(WEB, TD1, "COMPLETED", 1)));
        assertThat(serviceBehind.outcome()).isEqualTo(Outcome.NEEDS_ATTENTION);
        assertThat(serviceBehind.reason()).contains("service web runs web:1").contains("not web:2");
    }

    @Test
    void aStackThatOwnsNoServiceSucceedsOnItsOwnStatus() {
        Observation none = new Observation("UPDATE_COMPLETE", Map.of("Version", "2"), List.of(), Map.of());
        Verdict verdict = DeployVerdicts.decide(request(), Progress.NONE, none, Optional.empty());
        assertThat(verdict.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(verdict.reason()).contains("owns no ECS service");
    }
}
