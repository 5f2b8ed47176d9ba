package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.berth.sim.autoscaling.AutoScalingBackend;
import dev.berth.sim.cloudformation.signals.UserDataSignals;
import dev.berth.sim.http.AwsException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * AWS::AutoScaling::AutoScalingGroup (created when its desired instances are in service),
 * AWS::EC2::LaunchTemplate (each update a new version: LatestVersionNumber) and
 * AWS::AutoScaling::LaunchConfiguration (immutable: every change replaces it).
 */
final class AutoScalingProviders {
    private AutoScalingProviders() {
    }

    static ResourceProvider group(AutoScalingBackend backend, Timing timing, PhysicalNames names, ResourceSignals signals) {
        InstanceFleet fleet = new InstanceFleet() {
            @Override
            public List<String> live(String region, String group) {
                return backend.liveInstances(region, group);
            }

            @Override
            public List<String> replace(String region, String group, List<String> terminate, int launch) {
                return backend.replaceInstances(region, group, terminate, launch);
            }
        };
        return new ResourceProvider() {
            @Override
            public ResourceOperation create(ResourceRequest request) {
                String name = request.properties().hasNonNull("AutoScalingGroupName")
                        ? request.properties().get("AutoScalingGroupName").asText()
                        : names.generate(request.stackName(), request.logicalId(), 255);
                try {
                    backend.createGroup(request.region(), name, request.properties());
                    signalOnBoot(request, name);
                } catch (AwsException e) {
                    return timing.after(Duration.ofSeconds(1), ResourceResult.failed(HandlerErrors.of("AutoScaling", e)));
                }
                ResourceOperation ready = untilReady(request.region(), name);
                return new ResourceOperation() { // the group exists at once; its instances boot after
                    @Override
                    public Optional<ResourceResult> poll(Instant now) {
                        return ready.poll(now);
                    }

                    @Override
                    public Optional<String> physicalIdAtStart() {
                        return Optional.of(name);
                    }
                };
            }

            @Override
            public ResourceOperation update(ResourceRequest request, ResourceState current) {
                try {
                    backend.updateGroup(request.region(), current.physicalId(), request.properties());
                    signalOnBoot(request, current.physicalId());
                } catch (AwsException e) {
                    return timing.after(Duration.ofSeconds(1), ResourceResult.failed(HandlerErrors.of("AutoScaling", e)));
                }
                return untilReady(request.region(), current.physicalId());
            }

            @Override
            public ResourceOperation delete(ResourceState current) {
                backend.deleteGroup(current.region(), current.physicalId());
                return timing.after(Duration.ofSeconds(40), ResourceResult.done(current.physicalId(), Map.of()));
            }

            @Override
            public boolean replacesOn(String property) {
                return "AutoScalingGroupName".equals(property);
            }

            @Override
            public boolean signalsForInstances() {
                return true;
            }

            @Override
            public Optional<InstanceFleet> instances() {
                return Optional.of(fleet);
            }

            /** An instance whose UserData runs cfn-signal for the group signals SUCCESS once it has booted. */
            private void signalOnBoot(ResourceRequest request, String name) {
                backend.onBoot(request.region(), name, (instanceId, userData) -> {
                    if (UserDataSignals.signals(userData, request.logicalId())) {
                        signals.afterLaunch(request, List.of(instanceId), timing.now());
                    }
                });
            }

            /** Answers once the group's desired instances are in service, checking every few seconds. */
            private ResourceOperation untilReady(String region, String name) {
                Instant[] nextCheck = {timing.now()};
                timing.wakeAt(timing.now().plusSeconds(5));
                return now -> {
                    if (backend.ready(region, name)) {
                        return Optional.of(ResourceResult.done(name, Map.of()));
                    }
                    if (!now.isBefore(nextCheck[0])) {
                        nextCheck[0] = now.plusSeconds(5);
                        timing.wakeAt(nextCheck[0]);
                    }
                    return Optional.empty();
                };
            }
        };
    }

    static ResourceProvider launchTemplate(AutoScalingBackend backend, Timing timing, PhysicalNames names) {
        return new ResourceProvider() {
            @Override
            public ResourceOperation create(ResourceRequest request) {
                JsonNode properties = request.properties();
                String id = backend.createLaunchTemplate(properties.path("LaunchTemplateName").asText(null),
                        properties.path("LaunchTemplateData"));
                return timing.after(Duration.ofSeconds(1), ResourceResult.done(id, attributes(id, 1)));
            }

            @Override
            public ResourceOperation update(ResourceRequest request, ResourceState current) {
                int version = backend.addLaunchTemplateVersion(current.physicalId(), request.properties().path("LaunchTemplateData"));
                return timing.after(Duration.ofSeconds(1), ResourceResult.done(current.physicalId(), attributes(current.physicalId(), version)));
            }

            @Override
            public ResourceOperation delete(ResourceState current) {
                backend.deleteLaunchTemplate(current.physicalId());
                return timing.after(Duration.ofSeconds(1), ResourceResult.done(current.physicalId(), Map.of()));
            }

            @Override
            public boolean replacesOn(String property) {
                return "LaunchTemplateName".equals(property);
            }

            private Map<String, JsonNode> attributes(String id, int latest) {
                return Map.of("LaunchTemplateId", TextNode.valueOf(id), "LatestVersionNumber", TextNode.valueOf(String.valueOf(latest)),
                        "DefaultVersionNumber", TextNode.valueOf("1"));
            }
        };
    }

    static ResourceProvider launchConfiguration(AutoScalingBackend backend, Timing timing, PhysicalNames names) {
        return new ResourceProvider() {
            @Override
            public ResourceOperation create(ResourceRequest request) {
                String name = request.properties().hasNonNull("LaunchConfigurationName")
                        ? request.properties().get("LaunchConfigurationName").asText()
                        : names.generate(request.stackName(), request.logicalId(), 255);
                backend.putLaunchConfiguration(name, request.properties());
                return timing.after(Duration.ofSeconds(1), ResourceResult.done(name, Map.of()));
            }

            @Override
            public ResourceOperation update(ResourceRequest request, ResourceState current) {
                backend.putLaunchConfiguration(current.physicalId(), request.properties());
                return timing.after(Duration.ofSeconds(1), ResourceResult.done(current.physicalId(), Map.of()));
            }

            @Override
            public ResourceOperation delete(ResourceState current) {
                backend.deleteLaunchConfiguration(current.physicalId());
                return timing.after(Duration.ofSeconds(1), ResourceResult.done(current.physicalId(), Map.of()));
            }

            @Override
            public boolean replacesOn(String property) {
                return !Set.of("Metadata").contains(property); // a launch configuration cannot change in place
            }
        };
    }

    /** AWS::AutoScaling::LifecycleHook: a termination hook makes the group drain its instances in ECS before terminating them. */
    static ResourceProvider lifecycleHook(AutoScalingBackend backend, Timing timing, PhysicalNames names) {
        return new ResourceProvider() {
            @Override
            public ResourceOperation create(ResourceRequest request) {
                return apply(request, request.properties().hasNonNull("LifecycleHookName")
                        ? request.properties().get("LifecycleHookName").asText()
                        : names.generate(request.stackName(), request.logicalId(), 255));
            }

            @Override
            public ResourceOperation update(ResourceRequest request, ResourceState current) {
                return apply(request, current.physicalId());
            }

            @Override
            public ResourceOperation delete(ResourceState current) {
                backend.deleteTerminationHook(current.region(), current.properties().path("AutoScalingGroupName").asText());
                return timing.after(Duration.ofSeconds(1), ResourceResult.done(current.physicalId(), Map.of()));
            }

            @Override
            public boolean replacesOn(String property) {
                return Set.of("AutoScalingGroupName", "LifecycleHookName").contains(property);
            }

            private ResourceOperation apply(ResourceRequest request, String name) {
                JsonNode p = request.properties();
                String group = p.path("AutoScalingGroupName").asText();
                if ("autoscaling:EC2_INSTANCE_TERMINATING".equals(p.path("LifecycleTransition").asText())) {
                    backend.putTerminationHook(request.region(), group, Duration.ofSeconds(p.path("HeartbeatTimeout").asLong(3600)));
                }
                return timing.after(Duration.ofSeconds(1), ResourceResult.done(name, Map.of()));
            }
        };
    }
}
