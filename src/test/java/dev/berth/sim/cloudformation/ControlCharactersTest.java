package dev.berth.sim.cloudformation;

import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.ListChangeSetsResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Text a client sent with characters XML 1.0 forbids comes back in well-formed answers (the
 * characters neutralised) and breaks no later call; the real SDK parses every answer.
 */
class ControlCharactersTest {
    private static final String TEMPLATE = "{\"Resources\":{\"Topic\":{\"Type\":\"AWS::SNS::Topic\"}}}";

    private static SimFixture sim;
    private static CloudFormationClient cfn;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(50);
        cfn = sim.clients().cloudFormation();
    }

    @AfterAll
    static void stop() {
        cfn.close();
        sim.close();
    }

    @Test
    void aChangeSetDescriptionWithControlCharactersDoesNotBreakListingChangeSets() {
        cfn.createStack(r -> r.stackName("ctl").templateBody(TEMPLATE));
        cfn.waiter().waitUntilStackCreateComplete(r -> r.stackName("ctl")); // a stack being created cannot take a change set
        String description = "deploy\u0001 by \u001b[31mbob\u0000 \u00e9\uD83D\uDE80\tdone";
        cfn.createChangeSet(r -> r.stackName("ctl").changeSetName("ctl-1").usePreviousTemplate(true)
                .description(description).tags(t -> t.key("who").value("bob\u0007")));

        ListChangeSetsResponse listed = cfn.listChangeSets(r -> r.stackName("ctl"));
        assertThat(listed.summaries()).singleElement()
                .satisfies(s -> assertThat(s.description()).isEqualTo("deploy\uFFFD by \uFFFD[31mbob\uFFFD \u00e9\uD83D\uDE80\tdone"));
        assertThat(cfn.describeChangeSet(r -> r.stackName("ctl").changeSetName("ctl-1")).description())
                .isEqualTo(listed.summaries().get(0).description());
        assertThat(cfn.describeStacks(r -> r.stackName("ctl")).stacks()).singleElement()
                .satisfies(stack -> assertThat(stack.stackName()).isEqualTo("ctl"));
    }

    @Test
    void anErrorThatEchoesControlCharactersIsStillAnErrorTheSdkReads() {
        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("no\u0001such\u0000stack")))
                .isInstanceOf(CloudFormationException.class)
                .satisfies(e -> {
                    CloudFormationException error = (CloudFormationException) e;
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Stack with id no\uFFFDsuch\uFFFDstack does not exist");
                });
        assertThat(cfn.listStacks().stackSummaries()).isNotNull();
    }
}
