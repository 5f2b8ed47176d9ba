package dev.berth.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.berth.engine.Timing;
import dev.berth.engine.capacity.RoomCheck;
import dev.berth.engine.deploy.DeployResult;
import dev.berth.engine.history.HistoryEntry;
import dev.berth.engine.rollout.RolloutEvidence;
import dev.berth.engine.rollout.RolloutResult;
import dev.berth.engine.stack.StackEventView;

import java.util.List;
import java.util.TreeMap;

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
        timing(node, result.timing());
        node.set("services", json.valueToTree(result.evidence().services()));
        node.set("timeline", json.valueToTree(result.evidence().timeline()));
        node.set("apiCalls", apiCalls(result.evidence()));
        return node;
    }

    /** The result of a deploy or rollback, as {@code berth deploy --output json} prints it. */
    public ObjectNode deploy(String command, DeployResult result) {
        DeployResult.Release release = result.release();
        DeployResult.Requester requester = result.requester();
        ObjectNode node = json.createObjectNode();
        node.put("schemaVersion", SCHEMA_VERSION);
        node.put("command", command);
        node.put("outcome", result.outcome().name());
        node.put("exitCode", result.outcome().exitCode());
        text(node, "reason", result.reason());
        text(node, "stack", release.stack());
        text(node, "version", release.version());
        if (release.image() != null) {
            ObjectNode image = node.putObject("image");
            text(image, "repositoryUri", release.image().repositoryUri());
            text(image, "reference", release.image().reference());
            text(image, "digest", release.image().digest());
        }
        text(node, "previousVersion", release.previousVersion());
        text(node, "who", requester.who());
        text(node, "approvedBy", requester.approvedBy());
        text(node, "why", requester.why());
        text(node, "stackStatus", result.stack().status());
        text(node, "recovery", result.verdict().recovery());
        text(node, "changeSetId", result.update().changeSetId());
        text(node, "clientRequestToken", result.update().clientRequestToken());
        timing(node, result.timing());
        node.set("changes", json.valueToTree(result.update().changes()));
        node.set("services", json.valueToTree(result.evidence().services()));
        for (JsonNode service : node.get("services")) {
            RoomCheck room = release.capacity().get(service.path("service").asText());
            if (room != null) {
                ((ObjectNode) service).set("capacity", json.valueToTree(room));
            }
        }
        node.set("stackEvents", json.valueToTree(result.stack().events().stream().map(this::stackEvent).toList()));
        node.set("timeline", json.valueToTree(result.evidence().timeline()));
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
        node.set("apiCalls", apiCalls(result.evidence()));
        return node;
    }

    /** The calls made, by action in alphabetical order. */
    private JsonNode apiCalls(RolloutEvidence evidence) {
        return json.valueToTree(new TreeMap<>(evidence.apiCalls()));
    }

    private static void timing(ObjectNode node, Timing timing) {
        node.put("startedAt", timing.startedAt().toString());
        node.put("finishedAt", timing.finishedAt().toString());
        node.put("durationSeconds", timing.duration().toMillis() / 1000.0);
    }

    private ObjectNode stackEvent(StackEventView e) {
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
    }

    /** A stack's history, newest first, as {@code berth history --output json} prints its entries. */
    public ArrayNode history(List<HistoryEntry> entries) {
        ArrayNode list = json.createArrayNode();
        for (HistoryEntry entry : entries) {
            ObjectNode node = list.addObject();
            node.put("startedAt", entry.startedAt().toString());
            if (entry.finishedAt() != null) {
                node.put("finishedAt", entry.finishedAt().toString());
            }
            text(node, "operation", entry.operation().kind());
            text(node, "verb", entry.verb());
            if (entry.ranBy() != null) {
                text(node, "who", entry.ranBy().who());
                text(node, "approvedBy", entry.ranBy().approvedBy());
            }
            text(node, "version", entry.found().version());
            text(node, "image", entry.found().image());
            text(node, "outcome", entry.operation().outcome().name());
            text(node, "stackStatus", entry.operation().stackStatus());
            text(node, "clientRequestToken", entry.operation().clientRequestToken());
            text(node, "versionFrom", entry.found().from());
        }
        return list;
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
