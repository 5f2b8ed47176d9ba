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
        text(node, "reason", result.reason());
        text(node, "cluster", result.cluster());
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
        text(node, "reason", result.reason());
        text(node, "stack", result.stack());
        text(node, "version", result.version());
        if (result.image() != null) {
            ObjectNode image = node.putObject("image");
            text(image, "repositoryUri", result.image().repositoryUri());
            text(image, "reference", result.image().reference());
            text(image, "digest", result.image().digest());
        }
        text(node, "previousVersion", result.previousVersion());
        text(node, "who", result.who());
        text(node, "approvedBy", result.approvedBy());
        text(node, "why", result.why());
        text(node, "stackStatus", result.stackStatus());
        text(node, "recovery", result.recovery());
        text(node, "changeSetId", result.changeSetId());
        text(node, "clientRequestToken", result.clientRequestToken());
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
            text(event, "stack", e.stack());
            text(event, "logicalId", e.logicalId());
            text(event, "physicalId", e.physicalId());
            text(event, "resourceType", e.resourceType());
            text(event, "status", e.status());
            text(event, "reason", e.reason());
            return event;
        }).toList()));
        node.set("timeline", json.valueToTree(result.timeline()));
        if (!result.alarmChanges().isEmpty()) {
            node.set("alarmChanges", json.valueToTree(result.alarmChanges().stream().map(c -> {
                ObjectNode change = json.createObjectNode();
                change.put("observedAt", c.observedAt().toString());
                text(change, "alarm", c.alarm());
                text(change, "from", c.from());
                text(change, "to", c.to());
                text(change, "reason", c.reason());
                return change;
            }).toList()));
        }
        node.set("apiCalls", json.valueToTree(new java.util.TreeMap<>(result.apiCalls())));
        return node;
    }

    /** Puts a text field only when it has a value: fields without one are left out, as the schema says. */
    private static void text(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    public String write(ObjectNode node) {
        try {
            return dev.berth.text.JsonText.safe(json.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write result JSON", e);
        }
    }
}
