package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.sim.SimVariations;
import dev.berth.sim.SimWorld;
import dev.berth.sim.autoscaling.AgentConfig;
import dev.berth.sim.autoscaling.AutoScalingBackend;
import dev.berth.sim.autoscaling.ScalingPolicies;
import dev.berth.sim.cloudwatch.CloudWatchApi;
import dev.berth.sim.ecr.EcrApi;
import dev.berth.sim.ecs.EcsApi;
import dev.berth.sim.elbv2.Elbv2Backend;

import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Which provider handles which resource type; types the simulator does not run are opaque records. */
public final class ResourceProviders {
    /** Resource types that need CAPABILITY_IAM, or CAPABILITY_NAMED_IAM when given a custom name. */
    private static final Map<String, String> IAM_NAME_PROPERTIES = Map.of(
            "AWS::IAM::Role", "RoleName", "AWS::IAM::InstanceProfile", "InstanceProfileName",
            "AWS::IAM::ManagedPolicy", "ManagedPolicyName", "AWS::IAM::User", "UserName", "AWS::IAM::Group", "GroupName",
            "AWS::IAM::Policy", "", "AWS::IAM::AccessKey", "", "AWS::IAM::UserToGroupAddition", "");

    private final Map<String, ResourceProvider> byType = new java.util.concurrent.ConcurrentHashMap<>();
    private final OpaqueResourceProvider opaque;
    private final ResourceSignals signals;
    private final ScalingPolicies scalingPolicies;

    public ResourceProviders(SimWorld world, EcsApi ecs, Elbv2Backend elb, Random random) {
        this(world, ecs, elb, random, new SimVariations(SimVariations.Settings.NONE));
    }

    public ResourceProviders(SimWorld world, EcsApi ecs, Elbv2Backend elb, Random random, SimVariations variations) {
        this(world, ecs, elb, null, null, random, variations);
    }

    /** With {@code ecr}, AWS::ECR::Repository makes real repositories; with {@code cloudWatch}, alarms are real alarms; without them, records. */
    public ResourceProviders(SimWorld world, EcsApi ecs, Elbv2Backend elb, EcrApi ecr, CloudWatchApi cloudWatch, Random random,
                             SimVariations variations) {
        this(world, ecs, elb, ecr, cloudWatch, random, variations, new AutoScalingBackend(world, ecs, new Random(random.nextLong()),
                AgentConfig.StackMetadata.NONE));
    }

    public ResourceProviders(SimWorld world, EcsApi ecs, Elbv2Backend elb, EcrApi ecr, Random random, SimVariations variations,
                             AutoScalingBackend autoScaling) {
        this(world, ecs, elb, ecr, null, random, variations, autoScaling);
    }

    public ResourceProviders(SimWorld world, EcsApi ecs, Elbv2Backend elb, EcrApi ecr, CloudWatchApi cloudWatch, Random random,
                             SimVariations variations, AutoScalingBackend autoScaling) {
        this.signals = new ResourceSignals(world);
        Timing timing = new Timing(world);
        PhysicalNames names = new PhysicalNames(random);
        this.opaque = new OpaqueResourceProvider(timing, names);
        this.scalingPolicies = new ScalingPolicies(world, autoScaling);
        this.byType.putAll(Map.ofEntries(
                Map.entry("AWS::AutoScaling::AutoScalingGroup", AutoScalingProviders.group(autoScaling, timing, names, signals)),
                Map.entry("AWS::EC2::LaunchTemplate", AutoScalingProviders.launchTemplate(autoScaling, timing, names)),
                Map.entry("AWS::AutoScaling::LifecycleHook", AutoScalingProviders.lifecycleHook(autoScaling, timing, names)),
                Map.entry("AWS::AutoScaling::LaunchConfiguration", AutoScalingProviders.launchConfiguration(autoScaling, timing, names)),
                Map.entry("AWS::AutoScaling::ScalingPolicy", new ScalingPolicyProvider(scalingPolicies, timing, names)),
                Map.entry("AWS::ECS::Cluster", new EcsClusterProvider(ecs, timing, names)),
                Map.entry("AWS::ECS::TaskDefinition", new EcsTaskDefinitionProvider(ecs, timing, names)),
                Map.entry("AWS::ECS::Service", new EcsServiceProvider(ecs, timing, names, variations)),
                Map.entry("AWS::ElasticLoadBalancingV2::LoadBalancer", LoadBalancingProviders.loadBalancer(elb, timing, names)),
                Map.entry("AWS::ElasticLoadBalancingV2::TargetGroup", LoadBalancingProviders.targetGroup(elb, timing, names)),
                Map.entry("AWS::ElasticLoadBalancingV2::Listener", LoadBalancingProviders.listener(elb, timing)),
                Map.entry("AWS::ElasticLoadBalancingV2::ListenerRule", LoadBalancingProviders.listenerRule(elb, timing))));
        if (ecr != null) {
            byType.put("AWS::ECR::Repository", new EcrRepositoryProvider(ecr, timing, names, ecr.registryId()));
        }
        if (cloudWatch != null) {
            byType.put("AWS::CloudWatch::Alarm", new CloudWatchAlarmProvider(cloudWatch, timing, names));
        }
    }

    /** The scaling policies stacks declare, for CloudWatch alarm actions to run. */
    public ScalingPolicies scalingPolicies() {
        return scalingPolicies;
    }

    /** Adds the provider of a type that needs CloudFormation itself (nested stacks). */
    public void register(String type, ResourceProvider provider) {
        byType.put(type, provider);
    }

    public ResourceProvider of(String type) {
        return byType.getOrDefault(type, opaque);
    }

    /** The hook through which instances' cfn-signal reaches CloudFormation. */
    public ResourceSignals signals() {
        return signals;
    }

    public boolean replaces(String type, String property) {
        ResourceProvider provider = byType.get(type);
        return provider != null ? provider.replacesOn(property) : opaque.replaces(type, property);
    }

    /** A value for an attribute the provider did not record. */
    public JsonNode fallbackAttribute(String type, String physicalId, String attribute, String region, String accountId) {
        if ("AWS::CloudFormation::Stack".equals(type)) {
            return null; // a nested stack has the outputs its child resolved, and nothing else
        }
        return OpaqueResourceProvider.fallbackAttribute(type, physicalId, attribute, region, accountId);
    }

    /** The capability a resource needs: CAPABILITY_NAMED_IAM, CAPABILITY_IAM, or null. */
    public static String capabilityFor(String type, JsonNode properties) {
        String nameProperty = IAM_NAME_PROPERTIES.get(type);
        if (nameProperty == null) {
            return null;
        }
        return !nameProperty.isEmpty() && properties != null && properties.has(nameProperty) ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM";
    }

    public static Set<String> iamTypes() {
        return IAM_NAME_PROPERTIES.keySet();
    }
}
