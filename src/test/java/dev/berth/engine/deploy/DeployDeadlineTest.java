package dev.berth.engine.deploy;

import dev.berth.engine.Outcome;
import dev.berth.engine.events.BerthEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * berth's deadlines against an AWS that never finishes, and against one that stops answering once
 * the update is executed: a release whose tasks never start on a service without the circuit
 * breaker, whose cancelled update then rolls back for ever. Time is a fake clock, so the test
 * runs in milliseconds and measures berth's own deadline exactly.
 */
class DeployDeadlineTest {
    private final FakeStack world = new FakeStack();
    private final FakeStack.FakeClock clock = world.clock;
    private final FakeAws aws = world.aws;
    private final List<BerthEvent> progress = world.progress;

    private DeployResult deploy() {
        return world.deploy(TIMEOUT, GRACE);
    }
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final Duration GRACE = Duration.ofMinutes(2);

    @Test
    void aRollbackThatNeverEndsIsAnsweredByTheTimeoutPlusTheGracePlusOnePoll() {
        Instant start = clock.instant();
        DeployResult result = deploy();

        Duration took = Duration.between(start, clock.instant());
        assertThat(took).as("answered by timeout + grace + one poll").isLessThanOrEqualTo(TIMEOUT.plus(GRACE).plusSeconds(5));
        assertThat(took).as("it did follow the rollback for the grace").isGreaterThanOrEqualTo(TIMEOUT.plus(GRACE));
        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.outcome().exitCode()).isEqualTo(6);
        assertThat(result.stack().status()).isEqualTo("UPDATE_ROLLBACK_IN_PROGRESS");
        assertThat(result.reason()).contains("did not finish rolling back within the rollback grace of PT2M")
                .contains("still UPDATE_ROLLBACK_IN_PROGRESS");
        assertThat(result.verdict().recovery()).isEqualTo("berth deploy --stack web --version 2");
        assertThat(aws.calls).filteredOn(c -> c.operation().equals("cancelUpdateStack")).hasSize(1);
        assertThat(progress).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(BerthEvent.PhaseChanged.class,
                p -> assertThat(p.detail()).contains("cancelling the update and following its rollback for at most PT2M")));
    }

    @Test
    void everyCallAfterTheChangeIsBoundedByTheDeadline() {
        deploy();
        List<FakeAws.Call> following = aws.calls.subList(aws.calls.indexOf(aws.calls.stream()
                .filter(c -> c.operation().equals("executeChangeSet")).findFirst().orElseThrow()) + 1, aws.calls.size());
        assertThat(following).isNotEmpty().allSatisfy(call -> {
            var timeout = call.request().overrideConfiguration().flatMap(o -> o.apiCallTimeout());
            assertThat(timeout).as(call.operation()).hasValueSatisfying(t ->
                    assertThat(t).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30)));
        });
    }

    @Test
    void anEndpointLostAfterTheUpdateWasExecutedIsNeitherARefusalNorAnInternalError() {
        world.outage = SdkClientException.builder().message("Unable to execute HTTP request: Connection refused")
                .cause(new ConnectException("Connection refused")).build();
        Instant start = clock.instant();
        DeployResult result = deploy();

        assertThat(Duration.between(start, clock.instant())).isLessThanOrEqualTo(TIMEOUT.plus(GRACE).plusSeconds(5));
        assertThat(result.outcome()).isEqualTo(Outcome.NEEDS_ATTENTION);
        assertThat(result.outcome().exitCode()).isEqualTo(5);
        assertThat(result.reason()).contains("was started").contains("cannot connect to the AWS endpoint")
                .contains("the same command follows it: berth deploy --stack web --version 2");
    }

    @Test
    void anEndpointAnsweringOnly5xxAfterTheUpdateWasExecutedGivesWhatBerthKnows() {
        world.outage = AwsServiceException.builder().statusCode(503).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ServiceUnavailable").errorMessage("Service Unavailable").build()).build();
        DeployResult result = deploy();

        assertThat(result.outcome().exitCode()).isIn(5, 6);
        assertThat(result.reason()).contains("was started").contains("ServiceUnavailable");
    }

}
