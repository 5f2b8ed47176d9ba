package dev.berth.engine.deploy;

import dev.berth.engine.Outcome;
import dev.berth.engine.RefusedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The verdict comes from the stack's and the services' state, not from the shape of events or
 * the words of a change set: against an AWS that updates the stack but not the service, whose
 * events carry no ResourceProperties, or whose change set finds nothing to change.
 */
class DeployFromStateTest {
    private final FakeStack stack = new FakeStack();

    @Test
    void aStackUpdateCompleteThatEcsNeverAppliedNeedsAttentionNamingBothTaskDefinitions() {
        stack.completes = true;
        stack.ecsApplies = false;
        DeployResult result = stack.deploy(Duration.ofMinutes(5), Duration.ofMinutes(1));

        assertThat(result.outcome()).as(result.reason()).isEqualTo(Outcome.NEEDS_ATTENTION);
        assertThat(result.outcome().exitCode()).isEqualTo(5);
        assertThat(result.reason()).contains("stack web is UPDATE_COMPLETE but service web runs web:1")
                .contains("not web:2 that the stack names");
        assertThat(result.evidence().services()).as("the service is judged although no event carried its properties")
                .singleElement().satisfies(s -> {
                    assertThat(s.service()).isEqualTo("web");
                    assertThat(s.outcome()).isEqualTo(Outcome.NEEDS_ATTENTION);
                    assertThat(s.rollout().expectedTaskDefinition()).isEqualTo(FakeStack.TD2);
                    assertThat(s.rollout().runningTaskDefinition()).isEqualTo(FakeStack.TD1);
                });
        assertThat(result.duration()).as("no waiting for a rollout that never began")
                .isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aServiceWatchedAgainstATaskDefinitionReadBeforeTheStackUpdatedItIsJudgedAgainstTheOneTheStackNamesAtTheEnd() {
        stack.resourcesLag = true; // while the update runs, the stack's resources still name web:1
        stack.completeAt = stack.clock.instant().plus(Duration.ofMinutes(2));
        DeployResult result = stack.deploy(Duration.ofMinutes(10), Duration.ofMinutes(1));

        assertThat(result.outcome()).as(result.reason()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.evidence().services()).singleElement().satisfies(s -> {
            assertThat(s.outcome()).as(s.reason()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(s.rollout().expectedTaskDefinition()).as("the revision the stack names at the end").isEqualTo(FakeStack.TD2);
            assertThat(s.rollout().runningTaskDefinition()).isEqualTo(FakeStack.TD2);
        });
    }

    @Test
    void aChangeSetWithoutChangesIsNotUnchangedWhenTheStackRunsAnotherVersion() {
        stack.noChanges = true; // the stack's parameter is 1 and version 2 is asked for
        DeployResult result = stack.deploy(Duration.ofMinutes(5), Duration.ofMinutes(1));

        assertThat(result.outcome()).isEqualTo(Outcome.NEEDS_ATTENTION);
        assertThat(result.reason()).contains("CloudFormation found nothing to change in stack web for version 2")
                .contains("its parameter Version is 1, not 2");
        assertThat(stack.aws.calls).noneMatch(c -> c.operation().equals("executeChangeSet"));
    }

    @Test
    void aChangeSetWithoutChangesIsUnchangedOnlyWhenParameterAndServicesAgree() {
        stack.noChanges = true;
        stack.version = "2";
        stack.executed = true; // the stack names web:2 and the service's new deployment is still rolling out
        DeployResult rolling = stack.deploy(Duration.ofMinutes(5), Duration.ofMinutes(1));
        assertThat(rolling.outcome()).isEqualTo(Outcome.NEEDS_ATTENTION);
        assertThat(rolling.reason()).contains("service web runs web:2 (primary deployment, rollout IN_PROGRESS");

        stack.settled = true;
        DeployResult settled = stack.deploy(Duration.ofMinutes(5), Duration.ofMinutes(1));
        assertThat(settled.outcome()).as(settled.reason()).isEqualTo(Outcome.UNCHANGED);
        assertThat(settled.reason()).isEqualTo("stack web already runs version 2; nothing to change");
    }

    @Test
    void aServiceAnotherControllerDeploysIsRefusedAtPreFlight() {
        stack.controller = "CODE_DEPLOY";
        assertThatThrownBy(() -> stack.deploy(Duration.ofMinutes(5), Duration.ofMinutes(1)))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("service web uses the CODE_DEPLOY deployment controller; berth judges ECS rolling updates only");
        assertThat(stack.aws.calls).noneMatch(c -> c.operation().equals("createChangeSet"));
    }

    @Test
    void aReRunFollowsTheUpdateUnderWayFromItsStartWithoutAUserInitiatedEvent() {
        // an earlier operation, then the update to version 2 that a killed deploy started: no "User Initiated" reason
        stack.event("web", "AWS::CloudFormation::Stack", FakeStack.STACK_ID, "UPDATE_COMPLETE", null);
        stack.clock.advance(Duration.ofMinutes(5));
        stack.event("web", "AWS::CloudFormation::Stack", FakeStack.STACK_ID, "UPDATE_IN_PROGRESS", null);
        stack.event("TaskDefinition", "AWS::ECS::TaskDefinition", FakeStack.TD2, "UPDATE_COMPLETE", null);
        stack.event("Service", "AWS::ECS::Service", FakeStack.SERVICE, "UPDATE_IN_PROGRESS", null);
        stack.status = "UPDATE_IN_PROGRESS";
        stack.version = "2";
        stack.executed = true;
        stack.completeAt = stack.clock.instant().plusSeconds(20);

        DeployResult result = stack.deploy(Duration.ofMinutes(5), Duration.ofMinutes(1));

        assertThat(result.outcome()).as(result.reason()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.stack().events()).as("the events of the update under way, from its start")
                .extracting(e -> e.logicalId() + " " + e.status())
                .startsWith("web UPDATE_IN_PROGRESS", "TaskDefinition UPDATE_COMPLETE", "Service UPDATE_IN_PROGRESS");
        assertThat(result.stack().events()).as("the earlier operation's end is not replayed")
                .filteredOn(e -> e.status().equals("UPDATE_COMPLETE") && e.logicalId().equals("web")).hasSize(1);
        assertThat(stack.aws.calls).noneMatch(c -> c.operation().equals("executeChangeSet"));
    }
}
