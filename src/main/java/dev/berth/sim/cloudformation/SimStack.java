package dev.berth.sim.cloudformation;

import dev.berth.cfn.Template;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A stack: its template and parameters, status, resources, outputs, events and change sets. */
final class SimStack {
    final String stackId;
    final String name;
    final Instant creationTime;
    /** A nested stack's parent and the top stack of its tree; null for a stack of its own. */
    String parentId;
    String rootId;
    Template template;
    /** SSM-typed parameters' values as the last operation read them. */
    Map<String, String> resolvedValues = Map.of();
    Map<String, String> parameters = new LinkedHashMap<>();
    String status;
    String statusReason;
    /** The status the stack had when its current operation began. */
    String statusBeforeOperation;
    Instant lastUpdatedTime;
    Instant deletionTime;
    List<Map.Entry<String, String>> tags = new ArrayList<>();
    List<String> capabilities = new ArrayList<>();
    List<String> notificationArns = new ArrayList<>();
    boolean disableRollback;
    Integer timeoutInMinutes;
    String roleArn;
    String changeSetId;
    /** Outputs as last resolved: key, value, description, export name. */
    List<Output> outputs = new ArrayList<>();
    final Map<String, SimStackResource> resources = new LinkedHashMap<>();
    /** Newest last; DescribeStackEvents serves them newest first. */
    final List<StackEvent> events = new ArrayList<>();
    final Map<String, SimChangeSet> changeSets = new LinkedHashMap<>();
    /** Client request tokens already used on this stack, with the action that used them. */
    final Map<String, String> tokens = new LinkedHashMap<>();
    StackOperation operation;
    /** A CancelUpdateStack was accepted and its rollback has not started yet (a slow cancel). */
    boolean cancelRequested;

    record Output(String key, String value, String description, String exportName) {
    }

    SimStack(String stackId, String name, Instant creationTime) {
        this.stackId = stackId;
        this.name = name;
        this.creationTime = creationTime;
    }

    boolean deleted() {
        return "DELETE_COMPLETE".equals(status);
    }

    boolean inProgress() {
        return status != null && status.endsWith("_IN_PROGRESS") && !"REVIEW_IN_PROGRESS".equals(status);
    }

    /** Statuses from which the stack can be updated, as CloudFormation allows. */
    boolean updatable() {
        return switch (status) {
            case "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE",
                    "IMPORT_ROLLBACK_COMPLETE" -> true;
            default -> false;
        };
    }
}
