package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.berth.engine.Outcome;
import dev.berth.engine.roll.RollResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The roll's JSON result agrees with $defs/clusterRoll in docs/result.schema.json, when it stopped part-way too. */
class ClusterRollJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRollStoppedByABreachCarriesItsRecoveryAndStillMatchesTheSchema() throws Exception {
        Instant start = Instant.parse("2026-01-02T03:04:05Z");
        RollResult result = new RollResult(Outcome.NEEDS_ATTENTION, "a service left its bounds", "aws ecs update-container-instances-state ...",
                "ecs", "ecs-Cluster-1", "ecs", "SURGE", List.of(new RollResult.Replacement("i-0aaa", "i-0bbb")),
                Map.of("web\u001b[2J", 1, "api", 2), List.of("web: 1 running, below its minimum healthy 2"), start,
                start.plusSeconds(90));
        JsonNode node = JSON.readTree(ClusterRollCommand.toJson(result));

        assertThat(node.path("exitCode").asInt()).isEqualTo(5);
        assertThat(node.path("recovery").asText()).startsWith("aws ecs");
        assertThat(node.path("replaced").get(0).path("newInstance").asText()).isEqualTo("i-0bbb");
        assertThat(node.path("lowestRunning").path("web\u001b[2J").asInt()).isEqualTo(1);
        assertThat(node.path("durationSeconds").asDouble()).isEqualTo(90.0);
        assertThat(schemaErrors(node)).isEmpty();

        ((ObjectNode) node).put("plan", "BOTH");
        assertThat(schemaErrors(node)).as("the schema can fail").isNotEmpty();
    }

    private static java.util.Set<?> schemaErrors(JsonNode result) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(Path.of("docs/result.schema.json")));
        ObjectNode schema = ((ObjectNode) root.path("$defs").path("clusterRoll")).deepCopy();
        schema.put("$schema", root.path("$schema").asText());
        schema.set("$defs", root.path("$defs"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema).validate(result);
    }
}
