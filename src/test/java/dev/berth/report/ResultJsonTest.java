package dev.berth.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.berth.engine.Outcome;
import dev.berth.engine.Timing;
import dev.berth.engine.deploy.DeployOptions.Verb;
import dev.berth.engine.deploy.DeployResult;
import dev.berth.engine.deploy.verdict.Verdict;
import dev.berth.engine.rollout.RolloutEvidence;
import dev.berth.engine.stack.StackEventView;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Fields without a value are left out of the result, never written as null, so the schema holds. */
class ResultJsonTest {
    @Test
    void valuesAwsLeavesOutAreLeftOutOfTheResult() throws Exception {
        Instant t = Instant.parse("2026-11-26T10:00:00Z");
        // CloudFormation omits PhysicalResourceId and ResourceStatusReason on some events
        StackEventView event = new StackEventView("web", "e1", t, "Service", null, "AWS::ECS::Service", "UPDATE_IN_PROGRESS",
                null, null, null, null);
        DeployResult result = new DeployResult(new Verdict(Outcome.UNCHANGED, "nothing to change", null),
                new DeployResult.Release("web", "2", null, null), new DeployResult.Requester(Verb.DEPLOY, "rita", null, null),
                DeployResult.Update.FOLLOWED, new DeployResult.StackState("UPDATE_COMPLETE", List.of(event)),
                new Timing(t, t.plusSeconds(1)), RolloutEvidence.NONE);
        ResultJson json = new ResultJson();
        String text = json.write(json.deploy("deploy", result));

        assertThat(text).doesNotContain("null");
        JsonNode node = new ObjectMapper().readTree(text);
        assertThat(node.path("stackEvents").get(0).has("physicalId")).isFalse();
        assertThat(node.has("previousVersion")).isFalse();
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.newInputStream(Path.of("docs/result.schema.json")));
        assertThat(schema.validate(node)).isEmpty();
    }
}
