package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;

/** Renders the simulated ECS resources in the shapes of the ECS API (botocore's service model). */
final class EcsJsonView {
    private final ObjectMapper json;

    EcsJsonView(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    ArrayNode array() {
        return json.createArrayNode();
    }

    static void time(ObjectNode node, String field, Instant instant) {
        if (instant != null) {
            node.put(field, BigDecimal.valueOf(instant.toEpochMilli(), 3));
        }
    }

    ObjectNode cluster(SimCluster cluster) {
        ObjectNode node = object();
        node.put("clusterArn", cluster.arn);
        node.put("clusterName", cluster.name);
        node.put("status", cluster.status);
        node.put("registeredContainerInstancesCount", cluster.containerInstances.size());
        long running = cluster.tasks.values().stream().filter(SimTask::running).count();
        long pending = cluster.tasks.values().stream().filter(SimTask::pending).count();
        node.put("runningTasksCount", running);
        node.put("pendingTasksCount", pending);
        node.put("activeServicesCount", cluster.services.values().stream().filter(SimService::active).count());
        node.set("statistics", array());
        node.set("tags", cluster.tags != null ? cluster.tags.deepCopy() : array());
        node.set("settings", cluster.settings != null ? cluster.settings.deepCopy()
                : array().add(object().put("name", "containerInsights").put("value", "disabled")));
        node.set("capacityProviders", array());
        node.set("defaultCapacityProviderStrategy", array());
        return node;
    }

    ObjectNode taskDefinition(SimTaskDefinition definition) {
        ObjectNode node = definition.registered.deepCopy();
        node.remove("tags");
        node.put("taskDefinitionArn", definition.arn);
        node.put("family", definition.family);
        node.put("revision", definition.revision);
        node.put("status", definition.status);
        if (!node.has("networkMode")) {
            node.put("networkMode", "bridge");
        }
        if (!node.has("volumes")) {
            node.set("volumes", array());
        }
        if (!node.has("placementConstraints")) {
            node.set("placementConstraints", array());
        }
        ArrayNode compatibilities = array().add("EC2");
        if ("awsvpc".equals(node.path("networkMode").asText())) {
            compatibilities.add("FARGATE");
        }
        node.set("compatibilities", compatibilities);
        node.set("requiresAttributes", array());
        time(node, "registeredAt", definition.registeredAt);
        time(node, "deregisteredAt", definition.deregisteredAt);
        node.put("registeredBy", "arn:aws:iam::" + accountOf(definition.arn) + ":root");
        return node;
    }

    ObjectNode service(SimService service) {
        ObjectNode node = object();
        node.put("serviceArn", service.arn);
        node.put("serviceName", service.name);
        node.put("clusterArn", service.cluster.arn);
        node.set("loadBalancers", service.loadBalancers != null ? service.loadBalancers.deepCopy() : array());
        node.set("serviceRegistries", array());
        node.put("status", service.status);
        node.put("desiredCount", service.desiredCount);
        Counts counts = Counts.of(service, null);
        node.put("runningCount", counts.running());
        node.put("pendingCount", counts.pending());
        node.put("launchType", service.launchType);
        SimDeployment primary = service.primary();
        if (primary != null) {
            node.put("taskDefinition", primary.taskDefinition.arn);
        }
        node.set("deploymentConfiguration", deploymentConfiguration(service.settings));
        ArrayNode deployments = node.putArray("deployments");
        for (SimDeployment deployment : service.deployments) {
            deployments.add(deployment(service, deployment));
        }
        ArrayNode events = node.putArray("events");
        for (SimService.ServiceEvent event : service.events) {
            ObjectNode e = events.addObject();
            e.put("id", event.id());
            time(e, "createdAt", event.createdAt());
            e.put("message", event.message());
        }
        time(node, "createdAt", service.createdAt);
        if (primary != null) {
            node.put("currentServiceDeployment", primary.serviceDeploymentArn);
        }
        node.set("placementConstraints", service.placementConstraints != null ? service.placementConstraints.deepCopy() : array());
        node.set("placementStrategy", service.placementStrategy != null ? service.placementStrategy.deepCopy() : array());
        if (service.networkConfiguration != null) {
            node.set("networkConfiguration", service.networkConfiguration.deepCopy());
        }
        if (service.healthCheckGracePeriodSeconds != null) {
            node.put("healthCheckGracePeriodSeconds", service.healthCheckGracePeriodSeconds);
        }
        node.put("schedulingStrategy", "REPLICA");
        node.set("deploymentController", object().put("type", "ECS"));
        node.put("createdBy", "arn:aws:iam::" + accountOf(service.arn) + ":root");
        node.put("enableECSManagedTags", service.enableEcsManagedTags);
        node.put("propagateTags", service.propagateTags == null ? "NONE" : service.propagateTags);
        node.put("enableExecuteCommand", false);
        return node;
    }

    ObjectNode deploymentConfiguration(DeploymentSettings settings) {
        ObjectNode node = object();
        node.set("deploymentCircuitBreaker", object()
                .put("enable", settings.breakerEnabled())
                .put("rollback", settings.breakerRollback()));
        node.put("maximumPercent", settings.maximumPercent());
        node.put("minimumHealthyPercent", settings.minimumHealthyPercent());
        if (settings.alarmNames() != null) {
            ObjectNode alarms = node.putObject("alarms");
            ArrayNode names = alarms.putArray("alarmNames");
            settings.alarmNames().forEach(names::add);
            alarms.put("rollback", settings.alarmsRollback()).put("enable", settings.alarmsEnabled());
        }
        return node;
    }

    ObjectNode deployment(SimService service, SimDeployment deployment) {
        ObjectNode node = object();
        node.put("id", deployment.id);
        node.put("status", deployment.status);
        node.put("taskDefinition", deployment.taskDefinition.arn);
        Counts counts = Counts.of(service, deployment);
        node.put("desiredCount", counts.desired());
        node.put("pendingCount", counts.pending());
        node.put("runningCount", counts.running());
        node.put("failedTasks", deployment.failedTasks);
        time(node, "createdAt", deployment.createdAt);
        time(node, "updatedAt", deployment.updatedAt);
        node.put("launchType", service.launchType);
        if (service.networkConfiguration != null) {
            node.set("networkConfiguration", service.networkConfiguration.deepCopy());
        }
        node.put("rolloutState", deployment.rolloutState);
        node.put("rolloutStateReason", deployment.rolloutStateReason);
        return node;
    }

    ObjectNode task(SimTask task) {
        ObjectNode node = object();
        node.set("attachments", array());
        node.set("attributes", array());
        node.put("availabilityZone", task.containerInstance != null ? task.containerInstance.availabilityZone
                : task.cluster.arn.split(":")[3] + "a");
        node.put("clusterArn", task.cluster.arn);
        node.put("connectivity", "RUNNING".equals(task.lastStatus) ? "CONNECTED" : "DISCONNECTED");
        if (task.containerInstance != null) {
            node.put("containerInstanceArn", task.containerInstance.arn);
        } else if (task.instanceId != null) {
            node.put("containerInstanceArn", task.cluster.arn.replace(":cluster/", ":container-instance/") + "/"
                    + task.instanceId.substring(2));
        }
        ArrayNode containers = node.putArray("containers");
        for (SimTask.SimContainer container : task.containers) {
            ObjectNode c = containers.addObject();
            c.put("containerArn", container.arn);
            c.put("taskArn", task.arn);
            c.put("name", container.name);
            c.put("image", container.image);
            c.put("imageDigest", container.imageDigest != null ? container.imageDigest : ImageDigests.digestOf(container.image));
            c.put("runtimeId", container.runtimeId);
            c.put("lastStatus", container.lastStatus);
            if (container.exitCode != null) {
                c.put("exitCode", container.exitCode);
            }
            if (container.reason != null) {
                c.put("reason", container.reason);
            }
            if (container.healthStatus != null) {
                c.put("healthStatus", container.healthStatus);
            }
            ArrayNode bindings = c.putArray("networkBindings");
            task.hostPorts.forEach((key, hostPort) -> {
                if (key.startsWith(container.name + ":")) {
                    bindings.addObject().put("bindIP", "0.0.0.0")
                            .put("containerPort", Integer.parseInt(key.substring(container.name.length() + 1)))
                            .put("hostPort", hostPort).put("protocol", "tcp");
                }
            });
            ArrayNode interfaces = c.putArray("networkInterfaces");
            if (task.privateIp != null) {
                interfaces.addObject().put("attachmentId", task.id.substring(0, 8) + "-attachment")
                        .put("privateIpv4Address", task.privateIp);
            }
        }
        time(node, "createdAt", task.createdAt);
        node.put("desiredStatus", task.desiredStatus);
        node.put("group", "service:" + task.service.name);
        node.put("healthStatus", task.healthStatus);
        node.put("lastStatus", task.lastStatus);
        node.put("launchType", task.service.launchType);
        node.set("overrides", object().set("containerOverrides", array()));
        time(node, "pullStartedAt", task.pullStartedAt);
        time(node, "pullStoppedAt", task.pullStoppedAt);
        time(node, "startedAt", task.startedAt);
        node.put("startedBy", task.deployment.id);
        time(node, "stoppingAt", task.stoppingAt);
        time(node, "executionStoppedAt", task.executionStoppedAt);
        time(node, "stoppedAt", task.stoppedAt);
        if (task.stopCode != null) {
            node.put("stopCode", task.stopCode);
        }
        if (task.stoppedReason != null) {
            node.put("stoppedReason", task.stoppedReason);
        }
        node.set("tags", array());
        node.put("taskArn", task.arn);
        node.put("taskDefinitionArn", task.taskDefinition.arn);
        node.put("version", task.version);
        node.put("enableExecuteCommand", false);
        return node;
    }

    ObjectNode serviceDeploymentBrief(SimService service, SimDeployment deployment) {
        ObjectNode node = object();
        node.put("serviceDeploymentArn", deployment.serviceDeploymentArn);
        node.put("serviceArn", service.arn);
        node.put("clusterArn", service.cluster.arn);
        time(node, "startedAt", deployment.createdAt);
        time(node, "createdAt", deployment.createdAt);
        time(node, "finishedAt", deployment.finishedAt);
        node.put("targetServiceRevisionArn", deployment.serviceRevisionArn);
        node.put("status", deployment.serviceDeploymentStatus);
        if (deployment.serviceDeploymentStatusReason != null) {
            node.put("statusReason", deployment.serviceDeploymentStatusReason);
        }
        return node;
    }

    ObjectNode serviceDeployment(SimService service, SimDeployment deployment) {
        ObjectNode node = object();
        node.put("serviceDeploymentArn", deployment.serviceDeploymentArn);
        node.put("serviceArn", service.arn);
        node.put("clusterArn", service.cluster.arn);
        time(node, "createdAt", deployment.createdAt);
        time(node, "startedAt", deployment.createdAt);
        time(node, "finishedAt", deployment.finishedAt);
        if ("STOPPED".equals(deployment.serviceDeploymentStatus)) {
            time(node, "stoppedAt", deployment.finishedAt);
        }
        time(node, "updatedAt", deployment.updatedAt);
        ArrayNode sources = node.putArray("sourceServiceRevisions");
        for (SimDeployment source : deployment.sources) {
            sources.add(revisionSummary(service, source));
        }
        node.set("targetServiceRevision", revisionSummary(service, deployment));
        node.put("status", deployment.serviceDeploymentStatus);
        if (deployment.serviceDeploymentStatusReason != null) {
            node.put("statusReason", deployment.serviceDeploymentStatusReason);
        }
        node.set("deploymentConfiguration", deploymentConfiguration(deployment.settings));
        if (deployment.rollbackReason != null) {
            ObjectNode rollback = node.putObject("rollback");
            rollback.put("reason", deployment.rollbackReason);
            time(rollback, "startedAt", deployment.rollbackStartedAt);
            rollback.put("serviceRevisionArn", deployment.rollbackRevisionArn);
        }
        node.set("deploymentCircuitBreaker", object()
                .put("status", deployment.breakerStatus)
                .put("failureCount", deployment.failedTasks)
                .put("threshold", DeploymentSettings.breakerThreshold(service.desiredCount)));
        ObjectNode alarms = object().put("status", deployment.alarmStatus);
        if (deployment.settings.watchesAlarms()) {
            ArrayNode names = alarms.putArray("alarmNames");
            deployment.settings.alarmNames().forEach(names::add);
            ArrayNode triggered = alarms.putArray("triggeredAlarmNames");
            deployment.triggeredAlarms.forEach(triggered::add);
        }
        node.set("alarms", alarms);
        return node;
    }

    private ObjectNode revisionSummary(SimService service, SimDeployment deployment) {
        ObjectNode node = object();
        node.put("arn", deployment.serviceRevisionArn);
        Counts counts = Counts.of(service, deployment);
        node.put("requestedTaskCount", counts.desired());
        node.put("runningTaskCount", counts.running());
        node.put("pendingTaskCount", counts.pending());
        return node;
    }

    ObjectNode serviceRevision(SimService service, SimDeployment deployment) {
        ObjectNode node = object();
        node.put("serviceRevisionArn", deployment.serviceRevisionArn);
        node.put("serviceArn", service.arn);
        node.put("clusterArn", service.cluster.arn);
        node.put("taskDefinition", deployment.taskDefinition.arn);
        node.put("launchType", service.launchType);
        node.set("loadBalancers", service.loadBalancers != null ? service.loadBalancers.deepCopy() : array());
        ArrayNode images = node.putArray("containerImages");
        for (SimTaskDefinition.ContainerSpec spec : deployment.taskDefinition.containers) {
            images.addObject().put("containerName", spec.name()).put("imageDigest", ImageDigests.digestOf(spec.image()))
                    .put("image", spec.image());
        }
        time(node, "createdAt", deployment.createdAt);
        return node;
    }

    /**
     * Tasks of a deployment (or of the whole service when {@code deployment} is null) that the
     * scheduler still wants. An older deployment's desired count is what it still runs.
     */
    private record Counts(int desired, int running, int pending) {
        static Counts of(SimService service, SimDeployment deployment) {
            int running = 0;
            int pending = 0;
            for (SimTask task : service.tasks) {
                if (deployment == null || task.deployment == deployment) {
                    running += task.running() ? 1 : 0;
                    pending += task.pending() ? 1 : 0;
                }
            }
            boolean primary = deployment == null || deployment.primary();
            return new Counts(primary ? service.desiredCount : running + pending, running, pending);
        }
    }

    ObjectNode failure(String arn, String reason) {
        return object().put("arn", arn).put("reason", reason);
    }

    static String accountOf(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 4 ? parts[4] : "";
    }

    JsonNode tagsOrEmpty(JsonNode tags) {
        return tags != null ? tags.deepCopy() : array();
    }

    /** A container instance as DescribeContainerInstances shows it: registered and remaining resources, counts, attributes. */
    ObjectNode containerInstance(SimContainerInstance instance) {
        ObjectNode node = object();
        node.put("containerInstanceArn", instance.arn);
        node.put("ec2InstanceId", instance.ec2InstanceId);
        node.put("version", instance.version);
        node.set("versionInfo", object().put("agentVersion", "1.89.2").put("agentHash", "e95e6a3c")
                .put("dockerVersion", "DockerVersion: 25.0.8"));
        boolean gone = "INACTIVE".equals(instance.status);
        node.set("remainingResources", resources(gone ? instance.cpu : instance.remainingCpu(),
                gone ? instance.memory : instance.remainingMemory(),
                gone ? instance.reservedTcp : instance.usedTcp(), gone ? instance.reservedUdp : instance.usedUdp()));
        node.set("registeredResources", resources(instance.cpu, instance.memory, instance.reservedTcp, instance.reservedUdp));
        node.put("status", instance.status);
        if (instance.statusReason != null) {
            node.put("statusReason", instance.statusReason);
        }
        node.put("agentConnected", !gone);
        java.util.List<SimTask> tasks = gone ? java.util.List.of() : instance.tasks();
        node.put("runningTasksCount", tasks.stream().filter(t -> "RUNNING".equals(t.lastStatus)).count());
        node.put("pendingTasksCount", tasks.stream().filter(t -> !"RUNNING".equals(t.lastStatus)
                && "RUNNING".equals(t.desiredStatus)).count());
        ArrayNode attributes = node.putArray("attributes");
        instance.attributes.forEach((name, value) -> {
            ObjectNode attribute = attributes.addObject().put("name", name);
            if (value != null) {
                attribute.put("value", value);
            }
        });
        time(node, "registeredAt", instance.registeredAt);
        node.putArray("attachments");
        return node;
    }

    private ArrayNode resources(int cpu, int memory, java.util.Set<Integer> tcp, java.util.Set<Integer> udp) {
        ArrayNode list = array();
        list.add(object().put("name", "CPU").put("type", "INTEGER").put("doubleValue", 0.0).put("longValue", 0)
                .put("integerValue", cpu));
        list.add(object().put("name", "MEMORY").put("type", "INTEGER").put("doubleValue", 0.0).put("longValue", 0)
                .put("integerValue", memory));
        list.add(portsResource("PORTS", tcp));
        list.add(portsResource("PORTS_UDP", udp));
        return list;
    }

    private ObjectNode portsResource(String name, java.util.Set<Integer> ports) {
        ObjectNode node = object().put("name", name).put("type", "STRINGSET").put("doubleValue", 0.0).put("longValue", 0)
                .put("integerValue", 0);
        ArrayNode values = node.putArray("stringSetValue");
        new java.util.TreeSet<>(ports).forEach(p -> values.add(String.valueOf(p)));
        return node;
    }
}
