package dev.berth.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.berth.engine.deploy.DeployResult;
import dev.berth.engine.rollout.RolloutResult;

/**
 * The machine-readable result of a command: {@code outcome} and {@code exitCode} first, then the
 * evidence. Field names are stable; new fields may be added.
 */
public final class ResultJson {
    public static final int SCHEMA_VERSION = 1;

    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .enable(SerializationFeature.INDENT_OUTPUT);

    public ObjectMapper mapper() {
        return json;
    }

    /** The result of a watch, as {@code berth wait --output json} prints it. */
    public ObjectNode rollout(String command, RolloutResult result) {
        ObjectNode node = json.createObjectNode();
        node.put("schemaVersion", SCHEMA_VERSION);
        node.put("command", command);
        node.put("outcome", result.outcome().name());
        node.put("exitCode", result.outcome().exitCode());
        node.put("reason", result.reason());
        node.put("cluster", result.cluster());
        node.put("startedAt", result.startedAt().toString());
        node.put("finishedAt", result.finishedAt().toString());
        node.put("durationSeconds", result.duration().toMillis() / 1000.0);
        node.set("services", json.valueToTree(result.services()));
        node.set("timeline", json.valueToTree(result.timeline()));
        node.set("apiCalls", json.valueToTree(new java.util.TreeMap<>(result.apiCalls())));
        return node;
    }

    /** The result of a deploy or rollback, as {@code berth deploy --output json} prints it. */
    public ObjectNode deploy(String command, DeployResult result) {
        ObjectNode node = json.createObjectNode();
        node.put("schemaVersion", SCHEMA_VERSION);
        node.put("command", command);
        node.put("outcome", result.outcome().name());
        node.put("exitCode", result.outcome().exitCode());
        node.put("reason", result.reason());
        node.put("stack", result.stack());
        node.put("version", result.version());
        if (result.image() != null) {
            ObjectNode image = node.putObject("image");
            image.put("repositoryUri", result.image().repositoryUri());
            image.put("reference", result.image().reference());
            image.put("digest", result.image().digest());
        }
        if (result.previousVersion() != null) {
            node.put("previousVersion", result.previousVersion());
        }
        node.put("who", result.who());
        if (result.approvedBy() != null) {
            node.put("approvedBy", result.approvedBy());
        }
        if (result.why() != null) {
            node.put("why", result.why());
        }
        node.put("stackStatus", result.stackStatus());
        if (result.recovery() != null) {
            node.put("recovery", result.recovery());
        }
        if (result.changeSetId() != null) {
            node.put("changeSetId", result.changeSetId());
        }
        if (result.clientRequestToken() != null) {
            node.put("clientRequestToken", result.clientRequestToken());
        }
        node.put("startedAt", result.startedAt().toString());
        node.put("finishedAt", result.finishedAt().toString());
        node.put("durationSeconds", result.duration().toMillis() / 1000.0);
        node.set("changes", json.valueToTree(result.changes()));
        node.set("services", json.valueToTree(result.services()));
        node.set("stackEvents", json.valueToTree(result.stackEvents().stream().map(e -> {
            ObjectNode event = json.createObjectNode();
            event.put("timestamp", e.timestamp().toString());
            if (e.observedAt() != null) {
                event.put("observedAt", e.observedAt().toString());
            }
            event.put("stack", e.stack());
            event.put("logicalId", e.logicalId());
            event.put("physicalId", e.physicalId());
            event.put("resourceType", e.resourceType());
            event.put("status", e.status());
            if (e.reason() != null) {
                event.put("reason", e.reason());
            }
            return event;
        }).toList()));
        node.set("timeline", json.valueToTree(result.timeline()));
        node.set("apiCalls", json.valueToTree(new java.util.TreeMap<>(result.apiCalls())));
        return node;
    }

    public String write(ObjectNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write result JSON", e);
        }
    }
}
