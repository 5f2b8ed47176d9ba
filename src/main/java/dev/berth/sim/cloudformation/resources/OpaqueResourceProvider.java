package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every resource type the simulator does not run (IAM, networking, logs, auto scaling, alarms,
 * ...) exists as a record with a physical id and attributes in the formats AWS uses, so that real
 * templates deploy and their references resolve.
 */
final class OpaqueResourceProvider implements ResourceProvider {
    /** How a type names its physical resource, and which properties replace it. */
    private record Kind(String nameProperty, String idPrefix, int maxNameLength, Set<String> replacing) {
    }

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("AWS::IAM::Role", new Kind("RoleName", null, 64, Set.of("RoleName", "Path"))),
            Map.entry("AWS::IAM::InstanceProfile", new Kind("InstanceProfileName", null, 128, Set.of("InstanceProfileName", "Path"))),
            Map.entry("AWS::IAM::ManagedPolicy", new Kind("ManagedPolicyName", null, 128, Set.of("ManagedPolicyName", "Path"))),
            Map.entry("AWS::IAM::Policy", new Kind(null, null, 128, Set.of())),
            Map.entry("AWS::EC2::VPC", new Kind(null, "vpc-", 0, Set.of("CidrBlock"))),
            Map.entry("AWS::EC2::Subnet", new Kind(null, "subnet-", 0, Set.of("AvailabilityZone", "CidrBlock", "VpcId"))),
            Map.entry("AWS::EC2::SecurityGroup", new Kind(null, "sg-", 0, Set.of("GroupDescription", "GroupName", "VpcId"))),
            Map.entry("AWS::EC2::InternetGateway", new Kind(null, "igw-", 0, Set.of())),
            Map.entry("AWS::EC2::RouteTable", new Kind(null, "rtb-", 0, Set.of("VpcId"))),
            Map.entry("AWS::EC2::SubnetRouteTableAssociation", new Kind(null, "rtbassoc-", 0, Set.of("SubnetId"))),
            Map.entry("AWS::EC2::SecurityGroupIngress", new Kind(null, "sgr-", 0, Set.of("GroupId", "IpProtocol", "FromPort", "ToPort"))),
            Map.entry("AWS::EC2::LaunchTemplate", new Kind(null, "lt-", 0, Set.of("LaunchTemplateName"))),
            Map.entry("AWS::Logs::LogGroup", new Kind("LogGroupName", null, 512, Set.of("LogGroupName"))),
            Map.entry("AWS::AutoScaling::AutoScalingGroup", new Kind("AutoScalingGroupName", null, 255, Set.of("AutoScalingGroupName"))),
            Map.entry("AWS::AutoScaling::LifecycleHook", new Kind("LifecycleHookName", null, 255, Set.of("AutoScalingGroupName", "LifecycleHookName"))),
            Map.entry("AWS::CloudWatch::Alarm", new Kind("AlarmName", null, 255, Set.of("AlarmName"))),
            Map.entry("AWS::SNS::Topic", new Kind("TopicName", null, 256, Set.of("TopicName", "FifoTopic"))),
            Map.entry("AWS::Lambda::Function", new Kind("FunctionName", null, 64, Set.of("FunctionName"))),
            Map.entry("AWS::SSM::Parameter", new Kind("Name", null, 1011, Set.of("Name"))),
            Map.entry("AWS::ApplicationAutoScaling::ScalableTarget",
                    new Kind(null, null, 0, Set.of("ResourceId", "ScalableDimension", "ServiceNamespace"))),
            Map.entry("AWS::ApplicationAutoScaling::ScalingPolicy",
                    new Kind("PolicyName", null, 256, Set.of("PolicyName", "ResourceId", "ScalableDimension", "ScalingTargetId", "ServiceNamespace"))));

    private final Timing timing;
    private final PhysicalNames names;

    OpaqueResourceProvider(Timing timing, PhysicalNames names) {
        this.timing = timing;
        this.names = names;
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
        JsonNode props = request.properties();
        String type = request.type();
        Kind kind = KINDS.get(type);
        if (kind != null && kind.nameProperty() != null && props.hasNonNull(kind.nameProperty())) {
            return props.get(kind.nameProperty()).asText();
        }
        if (kind != null && kind.idPrefix() != null) {
            return kind.idPrefix() + names.hex(17);
        }
        return switch (type) {
            case "AWS::EC2::Route" -> props.path("RouteTableId").asText("rtb") + "|" + props.path("DestinationCidrBlock").asText("0.0.0.0/0");
            case "AWS::EC2::VPCGatewayAttachment" -> "IGW|" + props.path("VpcId").asText("vpc");
            case "AWS::ApplicationAutoScaling::ScalableTarget" -> props.path("ResourceId").asText() + "|"
                    + props.path("ScalableDimension").asText() + "|" + props.path("ServiceNamespace").asText();
            case "AWS::ApplicationAutoScaling::ScalingPolicy" -> "arn:aws:autoscaling:" + request.region() + ":" + request.accountId()
                    + ":scalingPolicy:" + java.util.UUID.randomUUID() + ":resource/" + props.path("ServiceNamespace").asText("ecs") + "/"
                    + props.path("ResourceId").asText() + ":policyName/" + names.generate(request.stackName(), request.logicalId(), 256);
            case "AWS::SNS::Topic" -> "arn:aws:sns:" + request.region() + ":" + request.accountId() + ":"
                    + names.generate(request.stackName(), request.logicalId(), 256);
            default -> names.generate(request.stackName(), request.logicalId(), kind == null ? 128 : kind.maxNameLength());
        };
    }

    private static Map<String, JsonNode> attributes(ResourceRequest request, String physicalId) {
        String region = request.region();
        String account = request.accountId();
        JsonNode props = request.properties();
        Map<String, JsonNode> attributes = new HashMap<>();
        switch (request.type()) {
            case "AWS::IAM::Role" -> {
                attributes.put("Arn", text("arn:aws:iam::" + account + ":role" + props.path("Path").asText("/") + physicalId));
                attributes.put("RoleId", text("AROA" + Math.abs(physicalId.hashCode())));
            }
            case "AWS::IAM::InstanceProfile" -> attributes.put("Arn",
                    text("arn:aws:iam::" + account + ":instance-profile" + props.path("Path").asText("/") + physicalId));
            case "AWS::EC2::VPC" -> {
                attributes.put("CidrBlock", text(props.path("CidrBlock").asText("10.0.0.0/16")));
                attributes.put("DefaultSecurityGroup", text("sg-" + suffix(physicalId)));
                attributes.put("DefaultNetworkAcl", text("acl-" + suffix(physicalId)));
                attributes.put("VpcId", text(physicalId));
            }
            case "AWS::EC2::Subnet" -> {
                attributes.put("AvailabilityZone", text(props.path("AvailabilityZone").asText(region + "a")));
                attributes.put("SubnetId", text(physicalId));
                attributes.put("VpcId", text(props.path("VpcId").asText()));
                attributes.put("CidrBlock", text(props.path("CidrBlock").asText()));
            }
            case "AWS::EC2::SecurityGroup" -> {
                attributes.put("GroupId", text(physicalId));
                attributes.put("VpcId", text(props.path("VpcId").asText()));
            }
            case "AWS::EC2::LaunchTemplate" -> {
                attributes.put("LaunchTemplateId", text(physicalId));
                attributes.put("LatestVersionNumber", text("1"));
                attributes.put("DefaultVersionNumber", text("1"));
            }
            case "AWS::Logs::LogGroup" -> attributes.put("Arn", text("arn:aws:logs:" + region + ":" + account + ":log-group:" + physicalId + ":*"));
            case "AWS::CloudWatch::Alarm" -> attributes.put("Arn", text("arn:aws:cloudwatch:" + region + ":" + account + ":alarm:" + physicalId));
            case "AWS::SNS::Topic" -> {
                attributes.put("TopicArn", text(physicalId));
                attributes.put("TopicName", text(physicalId.substring(physicalId.lastIndexOf(':') + 1)));
            }
            case "AWS::Lambda::Function" -> attributes.put("Arn", text("arn:aws:lambda:" + region + ":" + account + ":function:" + physicalId));
            case "AWS::ApplicationAutoScaling::ScalableTarget" -> attributes.put("Id", text(physicalId));
            case "AWS::ApplicationAutoScaling::ScalingPolicy" -> attributes.put("Arn", text(physicalId));
            default -> { }
        }
        return attributes;
    }

    /** An attribute the type does not define, for templates that use one: a value derived from the physical id. */
    static JsonNode fallbackAttribute(String type, String physicalId, String attribute) {
        if (attribute.endsWith("Arns") || attribute.endsWith("Ids")) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            list.add(physicalId);
            return list;
        }
        return text(attribute.equals("Arn") ? "arn:aws:" + type.split("::")[1].toLowerCase() + ":::" + physicalId
                : physicalId + "." + attribute);
    }

    private static String suffix(String physicalId) {
        int dash = physicalId.indexOf('-');
        return dash < 0 ? physicalId : physicalId.substring(dash + 1);
    }

    private static TextNode text(String value) {
        return TextNode.valueOf(value);
    }
}
