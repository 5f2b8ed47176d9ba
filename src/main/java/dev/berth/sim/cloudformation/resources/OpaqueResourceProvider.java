package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Every resource type the simulator does not run (IAM, networking, logs, auto scaling, alarms,
 * ...) exists as a record with a physical id and attributes in the formats AWS uses, so that real
 * templates deploy and their references resolve.
 */
final class OpaqueResourceProvider implements ResourceProvider {
    /** How a type names its physical resource, and which properties replace it. */
    private record Kind(String nameProperty, Set<String> replacing) {
    }

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("AWS::IAM::Role", new Kind("RoleName", Set.of("RoleName", "Path"))),
            Map.entry("AWS::IAM::InstanceProfile", new Kind("InstanceProfileName", Set.of("InstanceProfileName", "Path"))),
            Map.entry("AWS::IAM::ManagedPolicy", new Kind("ManagedPolicyName", Set.of("ManagedPolicyName", "Path"))),
            Map.entry("AWS::IAM::Policy", new Kind(null, Set.of())),
            Map.entry("AWS::EC2::VPC", new Kind(null, Set.of("CidrBlock"))),
            Map.entry("AWS::EC2::Subnet", new Kind(null, Set.of("AvailabilityZone", "CidrBlock", "VpcId"))),
            Map.entry("AWS::EC2::SecurityGroup", new Kind(null, Set.of("GroupDescription", "GroupName", "VpcId"))),
            Map.entry("AWS::EC2::InternetGateway", new Kind(null, Set.of())),
            Map.entry("AWS::EC2::RouteTable", new Kind(null, Set.of("VpcId"))),
            Map.entry("AWS::EC2::SubnetRouteTableAssociation", new Kind(null, Set.of("SubnetId"))),
            Map.entry("AWS::EC2::SecurityGroupIngress", new Kind(null, Set.of("GroupId", "IpProtocol", "FromPort", "ToPort"))),
            Map.entry("AWS::EC2::LaunchTemplate", new Kind(null, Set.of("LaunchTemplateName"))),
            Map.entry("AWS::Logs::LogGroup", new Kind("LogGroupName", Set.of("LogGroupName"))),
            Map.entry("AWS::AutoScaling::AutoScalingGroup", new Kind("AutoScalingGroupName", Set.of("AutoScalingGroupName"))),
            Map.entry("AWS::AutoScaling::LifecycleHook", new Kind("LifecycleHookName", Set.of("AutoScalingGroupName", "LifecycleHookName"))),
            Map.entry("AWS::CloudWatch::Alarm", new Kind("AlarmName", Set.of("AlarmName"))),
            Map.entry("AWS::SNS::Topic", new Kind("TopicName", Set.of("TopicName", "FifoTopic"))),
            Map.entry("AWS::Lambda::Function", new Kind("FunctionName", Set.of("FunctionName"))),
            Map.entry("AWS::SSM::Parameter", new Kind("Name", Set.of("Name"))),
            Map.entry("AWS::S3::Bucket", new Kind("BucketName", Set.of("BucketName"))),
            Map.entry("AWS::SQS::Queue", new Kind("QueueName", Set.of("QueueName", "FifoQueue"))),
            Map.entry("AWS::DynamoDB::Table", new Kind("TableName", Set.of("TableName", "KeySchema"))),
            Map.entry("AWS::Events::Rule", new Kind("Name", Set.of("Name"))),
            Map.entry("AWS::SecretsManager::Secret", new Kind("Name", Set.of("Name"))),
            Map.entry("AWS::IAM::User", new Kind("UserName", Set.of("UserName"))),
            Map.entry("AWS::KMS::Alias", new Kind("AliasName", Set.of("AliasName"))),
            Map.entry("AWS::Route53::RecordSet", new Kind("Name", Set.of("Name", "HostedZoneId", "HostedZoneName"))),
            Map.entry("AWS::RDS::DBInstance", new Kind("DBInstanceIdentifier", Set.of("DBInstanceIdentifier", "Engine"))),
            Map.entry("AWS::ECS::CapacityProvider", new Kind("Name", Set.of("Name", "AutoScalingGroupProvider"))),
            Map.entry("AWS::AutoScaling::ScalingPolicy", new Kind("PolicyName", Set.of("AutoScalingGroupName", "PolicyName"))),
            Map.entry("AWS::ApplicationAutoScaling::ScalableTarget",
                    new Kind(null, Set.of("ResourceId", "ScalableDimension", "ServiceNamespace"))),
            Map.entry("AWS::ApplicationAutoScaling::ScalingPolicy",
                    new Kind("PolicyName", Set.of("PolicyName", "ResourceId", "ScalableDimension", "ScalingTargetId", "ServiceNamespace"))));

    private final Timing timing;
    private final OpaqueIdentifiers identifiers;

    OpaqueResourceProvider(Timing timing, PhysicalNames names) {
        this.timing = timing;
        this.identifiers = new OpaqueIdentifiers(names);
    }

    @Override
    public ResourceOperation create(ResourceRequest request) {
        String physicalId = physicalId(request);
        return timing.after(durationOf(request.type()), ResourceResult.done(physicalId, attributes(request, physicalId)));
    }

    @Override
    public ResourceOperation update(ResourceRequest request, ResourceState current) {
        Map<String, JsonNode> attributes = attributes(request, current.physicalId());
        if (request.type().equals("AWS::EC2::LaunchTemplate")) {
            // CloudFormation updates a launch template by adding a version and making it the default
            String version = String.valueOf(current.attributes().getOrDefault("LatestVersionNumber", text("1")).asInt(1) + 1);
            attributes.put("LatestVersionNumber", text(version));
            attributes.put("DefaultVersionNumber", text(version));
        }
        return timing.after(Duration.ofSeconds(1), ResourceResult.done(current.physicalId(), attributes));
    }

    @Override
    public ResourceOperation delete(ResourceState current) {
        return timing.after(Duration.ofSeconds(1), ResourceResult.done(current.physicalId(), Map.of()));
    }

    @Override
    public boolean replacesOn(String property) {
        return false; // decided per type: see replaces(type, property)
    }

    boolean replaces(String type, String property) {
        Kind kind = KINDS.get(type);
        return kind != null && kind.replacing().contains(property);
    }

    private static Duration durationOf(String type) {
        return switch (type) {
            case "AWS::IAM::Role", "AWS::IAM::InstanceProfile" -> Duration.ofSeconds(3);
            case "AWS::AutoScaling::AutoScalingGroup" -> Duration.ofSeconds(5);
            default -> Duration.ofSeconds(1);
        };
    }

    private String physicalId(ResourceRequest request) {
        Kind kind = KINDS.get(request.type());
        JsonNode props = request.properties();
        String given = kind != null && kind.nameProperty() != null && props.hasNonNull(kind.nameProperty())
                ? props.get(kind.nameProperty()).asText() : null;
        return identifiers.physicalId(request, given);
    }

    private Map<String, JsonNode> attributes(ResourceRequest request, String physicalId) {
        return identifiers.attributes(request, physicalId);
    }

    /** An attribute the type has but the simulator did not record: a value in AWS's format derived from the physical id. */
    static JsonNode fallbackAttribute(String type, String physicalId, String attribute, String region, String account) {
        return OpaqueIdentifiers.fallback(type, physicalId, attribute, region, account);
    }

    private static TextNode text(String value) {
        return TextNode.valueOf(value);
    }
}
