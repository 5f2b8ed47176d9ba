package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The identifiers AWS gives resources the simulator only records: what Ref returns (ids such as
 * sg-0123..., ARNs with region and account, queue URLs, lower-case bucket names) and the
 * attributes templates read with Fn::GetAtt, in AWS's formats.
 */
final class OpaqueIdentifiers {
    /** Types whose Ref is an id: the prefix AWS gives it, before 17 hex digits. */
    private static final Map<String, String> ID_PREFIXES = Map.ofEntries(
            Map.entry("AWS::EC2::VPC", "vpc-"), Map.entry("AWS::EC2::Subnet", "subnet-"),
            Map.entry("AWS::EC2::SecurityGroup", "sg-"), Map.entry("AWS::EC2::InternetGateway", "igw-"),
            Map.entry("AWS::EC2::RouteTable", "rtb-"), Map.entry("AWS::EC2::SubnetRouteTableAssociation", "rtbassoc-"),
            Map.entry("AWS::EC2::SecurityGroupIngress", "sgr-"), Map.entry("AWS::EC2::SecurityGroupEgress", "sgr-"),
            Map.entry("AWS::EC2::LaunchTemplate", "lt-"), Map.entry("AWS::EC2::Instance", "i-"),
            Map.entry("AWS::EC2::NatGateway", "nat-"), Map.entry("AWS::EC2::VPCEndpoint", "vpce-"),
            Map.entry("AWS::EC2::NetworkAcl", "acl-"), Map.entry("AWS::EC2::SubnetNetworkAclAssociation", "aclassoc-"),
            Map.entry("AWS::EC2::Volume", "vol-"), Map.entry("AWS::EC2::EgressOnlyInternetGateway", "eigw-"),
            Map.entry("AWS::EC2::TransitGateway", "tgw-"), Map.entry("AWS::EC2::FlowLog", "fl-"),
            Map.entry("AWS::EC2::PrefixList", "pl-"), Map.entry("AWS::EC2::NetworkInterface", "eni-"),
            Map.entry("AWS::EC2::DHCPOptions", "dopt-"), Map.entry("AWS::EC2::PlacementGroup", "pg-"),
            Map.entry("AWS::EFS::FileSystem", "fs-"), Map.entry("AWS::EFS::MountTarget", "fsmt-"),
            Map.entry("AWS::EFS::AccessPoint", "fsap-"));

    private final PhysicalNames names;

    OpaqueIdentifiers(PhysicalNames names) {
        this.names = names;
    }

    /** What Ref returns for a new resource of the request's type. */
    String physicalId(ResourceRequest request, String givenName) {
        String type = request.type();
        String region = request.region();
        String account = request.accountId();
        JsonNode props = request.properties();
        String prefix = ID_PREFIXES.get(type);
        if (prefix != null) {
            return prefix + names.hex(17);
        }
        String name = givenName != null ? givenName : generated(request, maxLength(type));
        return switch (type) {
            case "AWS::S3::Bucket", "AWS::RDS::DBInstance", "AWS::RDS::DBSubnetGroup", "AWS::RDS::DBCluster",
                 "AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup" ->
                    givenName != null ? givenName : name.toLowerCase(Locale.ROOT);
            case "AWS::SQS::Queue" -> "https://sqs." + region + ".amazonaws.com/" + account + "/"
                    + (givenName == null && props.path("FifoQueue").asBoolean(false) ? name + ".fifo" : name);
            case "AWS::SNS::Topic" -> "arn:aws:sns:" + region + ":" + account + ":" + name;
            case "AWS::SNS::Subscription" -> props.path("TopicArn").asText("arn:aws:sns:" + region + ":" + account + ":topic")
                    + ":" + uuid();
            case "AWS::IAM::ManagedPolicy" -> "arn:aws:iam::" + account + ":policy" + props.path("Path").asText("/") + name;
            case "AWS::IAM::AccessKey" -> "AKIA" + names.random(16);
            case "AWS::EC2::EIP" -> "3." + octet() + "." + octet() + "." + octet();
            case "AWS::EC2::Route" -> props.path("RouteTableId").asText("rtb") + "|" + props.path("DestinationCidrBlock").asText("0.0.0.0/0");
            case "AWS::EC2::VPCGatewayAttachment" -> "IGW|" + props.path("VpcId").asText("vpc");
            case "AWS::AutoScaling::ScalingPolicy" -> "arn:aws:autoscaling:" + region + ":" + account + ":scalingPolicy:" + uuid()
                    + ":autoScalingGroupName/" + props.path("AutoScalingGroupName").asText() + ":policyName/" + name;
            case "AWS::ApplicationAutoScaling::ScalableTarget" -> props.path("ResourceId").asText() + "|"
                    + props.path("ScalableDimension").asText() + "|" + props.path("ServiceNamespace").asText();
            case "AWS::ApplicationAutoScaling::ScalingPolicy" -> "arn:aws:autoscaling:" + region + ":" + account
                    + ":scalingPolicy:" + uuid() + ":resource/" + props.path("ServiceNamespace").asText("ecs") + "/"
                    + props.path("ResourceId").asText() + ":policyName/" + name;
            case "AWS::SecretsManager::Secret" -> "arn:aws:secretsmanager:" + region + ":" + account + ":secret:"
                    + (givenName != null ? givenName : request.logicalId() + "-" + names.random(12)) + "-" + names.random(6);
            case "AWS::KMS::Key" -> uuid();
            case "AWS::CertificateManager::Certificate" -> "arn:aws:acm:" + region + ":" + account + ":certificate/" + uuid();
            case "AWS::ServiceDiscovery::PrivateDnsNamespace", "AWS::ServiceDiscovery::PublicDnsNamespace",
                 "AWS::ServiceDiscovery::HttpNamespace" -> "ns-" + names.random(16).toLowerCase(Locale.ROOT);
            case "AWS::ServiceDiscovery::Service" -> "srv-" + names.random(16).toLowerCase(Locale.ROOT);
            case "AWS::Route53::HostedZone" -> "Z" + names.random(20);
            case "AWS::CloudFront::Distribution" -> "E" + names.random(13);
            case "AWS::Lambda::EventSourceMapping", "AWS::CloudFormation::WaitConditionHandle" -> uuid();
            default -> name;
        };
    }

    /** The attributes Fn::GetAtt reads, derived from the physical id as AWS forms them. */
    Map<String, JsonNode> attributes(ResourceRequest request, String physicalId) {
        String region = request.region();
        String account = request.accountId();
        JsonNode props = request.properties();
        Map<String, JsonNode> a = new HashMap<>();
        switch (request.type()) {
            case "AWS::IAM::Role" -> {
                a.put("Arn", text("arn:aws:iam::" + account + ":role" + props.path("Path").asText("/") + physicalId));
                a.put("RoleId", text("AROA" + stable(physicalId, "role", 17)));
            }
            case "AWS::IAM::InstanceProfile" -> a.put("Arn", text("arn:aws:iam::" + account + ":instance-profile"
                    + props.path("Path").asText("/") + physicalId));
            case "AWS::IAM::User" -> a.put("Arn", text("arn:aws:iam::" + account + ":user" + props.path("Path").asText("/") + physicalId));
            case "AWS::IAM::ManagedPolicy" -> a.put("PolicyArn", text(physicalId));
            case "AWS::IAM::AccessKey" -> a.put("SecretAccessKey", text(stable(physicalId, "secret", 40)));
            case "AWS::EC2::VPC" -> {
                a.put("CidrBlock", text(props.path("CidrBlock").asText("10.0.0.0/16")));
                a.put("DefaultSecurityGroup", text("sg-" + suffix(physicalId)));
                a.put("DefaultNetworkAcl", text("acl-" + suffix(physicalId)));
                a.put("VpcId", text(physicalId));
            }
            case "AWS::EC2::Subnet" -> {
                a.put("AvailabilityZone", text(props.path("AvailabilityZone").asText(region + "a")));
                a.put("SubnetId", text(physicalId));
                a.put("VpcId", text(props.path("VpcId").asText()));
                a.put("CidrBlock", text(props.path("CidrBlock").asText()));
            }
            case "AWS::EC2::SecurityGroup" -> {
                a.put("GroupId", text(physicalId));
                a.put("VpcId", text(props.path("VpcId").asText()));
            }
            case "AWS::EC2::LaunchTemplate" -> {
                a.put("LaunchTemplateId", text(physicalId));
                a.put("LatestVersionNumber", text("1"));
                a.put("DefaultVersionNumber", text("1"));
            }
            case "AWS::EC2::Instance" -> {
                a.put("AvailabilityZone", text(props.path("AvailabilityZone").asText(region + "a")));
                a.put("PrivateIp", text("10.0." + octet(physicalId, 1) + "." + octet(physicalId, 2)));
                a.put("PrivateDnsName", text("ip-10-0-" + octet(physicalId, 1) + "-" + octet(physicalId, 2) + "." + region + ".compute.internal"));
                a.put("InstanceId", text(physicalId));
            }
            case "AWS::EC2::EIP" -> {
                a.put("AllocationId", text("eipalloc-" + stable(physicalId, "eip", 17).toLowerCase(Locale.ROOT).replaceAll("[g-z]", "0")));
                a.put("PublicIp", text(physicalId));
            }
            case "AWS::EC2::NatGateway" -> a.put("NatGatewayId", text(physicalId));
            case "AWS::EC2::InternetGateway" -> a.put("InternetGatewayId", text(physicalId));
            case "AWS::EC2::RouteTable" -> a.put("RouteTableId", text(physicalId));
            case "AWS::EC2::VPCEndpoint" -> a.put("Id", text(physicalId));
            case "AWS::Logs::LogGroup" -> a.put("Arn", text("arn:aws:logs:" + region + ":" + account + ":log-group:" + physicalId + ":*"));
            case "AWS::CloudWatch::Alarm" -> a.put("Arn", text("arn:aws:cloudwatch:" + region + ":" + account + ":alarm:" + physicalId));
            case "AWS::SNS::Topic" -> {
                a.put("TopicArn", text(physicalId));
                a.put("TopicName", text(physicalId.substring(physicalId.lastIndexOf(':') + 1)));
            }
            case "AWS::SQS::Queue" -> {
                String name = physicalId.substring(physicalId.lastIndexOf('/') + 1);
                a.put("Arn", text("arn:aws:sqs:" + region + ":" + account + ":" + name));
                a.put("QueueName", text(name));
                a.put("QueueUrl", text(physicalId));
            }
            case "AWS::S3::Bucket" -> {
                a.put("Arn", text("arn:aws:s3:::" + physicalId));
                a.put("DomainName", text(physicalId + ".s3.amazonaws.com"));
                a.put("RegionalDomainName", text(physicalId + ".s3." + region + ".amazonaws.com"));
                a.put("DualStackDomainName", text(physicalId + ".s3.dualstack." + region + ".amazonaws.com"));
                a.put("WebsiteURL", text("http://" + physicalId + ".s3-website-" + region + ".amazonaws.com"));
            }
            case "AWS::Lambda::Function" -> a.put("Arn", text("arn:aws:lambda:" + region + ":" + account + ":function:" + physicalId));
            case "AWS::Events::Rule" -> a.put("Arn", text("arn:aws:events:" + region + ":" + account + ":rule/" + physicalId));
            case "AWS::DynamoDB::Table" -> {
                a.put("Arn", text("arn:aws:dynamodb:" + region + ":" + account + ":table/" + physicalId));
                a.put("StreamArn", text("arn:aws:dynamodb:" + region + ":" + account + ":table/" + physicalId + "/stream/2026-12-07T00:00:00.000"));
            }
            case "AWS::KMS::Key" -> {
                a.put("Arn", text("arn:aws:kms:" + region + ":" + account + ":key/" + physicalId));
                a.put("KeyId", text(physicalId));
            }
            case "AWS::SecretsManager::Secret" -> a.put("Id", text(physicalId));
            case "AWS::EFS::FileSystem" -> {
                a.put("FileSystemId", text(physicalId));
                a.put("Arn", text("arn:aws:elasticfilesystem:" + region + ":" + account + ":file-system/" + physicalId));
            }
            case "AWS::EFS::AccessPoint" -> {
                a.put("AccessPointId", text(physicalId));
                a.put("Arn", text("arn:aws:elasticfilesystem:" + region + ":" + account + ":access-point/" + physicalId));
            }
            case "AWS::ServiceDiscovery::PrivateDnsNamespace", "AWS::ServiceDiscovery::PublicDnsNamespace",
                 "AWS::ServiceDiscovery::HttpNamespace" -> {
                a.put("Id", text(physicalId));
                a.put("Arn", text("arn:aws:servicediscovery:" + region + ":" + account + ":namespace/" + physicalId));
                a.put("HostedZoneId", text("Z" + stable(physicalId, "zone", 20)));
            }
            case "AWS::ServiceDiscovery::Service" -> {
                a.put("Id", text(physicalId));
                a.put("Arn", text("arn:aws:servicediscovery:" + region + ":" + account + ":service/" + physicalId));
                a.put("Name", text(props.path("Name").asText(physicalId)));
            }
            case "AWS::ApplicationAutoScaling::ScalableTarget" -> a.put("Id", text(physicalId));
            case "AWS::ApplicationAutoScaling::ScalingPolicy" -> a.put("Arn", text(physicalId));
            case "AWS::AutoScaling::ScalingPolicy" -> {
                a.put("Arn", text(physicalId));
                a.put("PolicyName", text(physicalId.substring(physicalId.lastIndexOf('/') + 1)));
            }
            case "AWS::CloudFront::Distribution" -> {
                a.put("Id", text(physicalId));
                a.put("DomainName", text("d" + stable(physicalId, "cdn", 13).toLowerCase(Locale.ROOT) + ".cloudfront.net"));
            }
            case "AWS::Route53::HostedZone" -> a.put("Id", text(physicalId));
            case "AWS::RDS::DBInstance" -> {
                a.put("Endpoint.Address", text(physicalId + ".c" + stable(physicalId, "rds", 11).toLowerCase(Locale.ROOT) + "." + region + ".rds.amazonaws.com"));
                a.put("Endpoint.Port", text(props.path("Port").asText("5432")));
            }
            default -> { }
        }
        return a;
    }

    /** An attribute the simulator did not record: an ARN in the type's service, else a list or text from the id. */
    static JsonNode fallback(String type, String physicalId, String attribute, String region, String account) {
        if (attribute.endsWith("Arns") || attribute.endsWith("Ids")) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            list.add(physicalId);
            return list;
        }
        if (attribute.equals("Arn") || attribute.endsWith("Arn")) {
            if (physicalId.startsWith("arn:")) {
                return text(physicalId);
            }
            String[] parts = type.split("::");
            String service = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "unknown";
            String kind = parts.length > 2 ? parts[2].replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT) : "resource";
            return text("arn:aws:" + service + ":" + region + ":" + account + ":" + kind + "/" + physicalId);
        }
        return text(physicalId);
    }

    private String generated(ResourceRequest request, int maxLength) {
        return names.generate(request.stackName(), request.logicalId(), maxLength);
    }

    private static int maxLength(String type) {
        return switch (type) {
            case "AWS::S3::Bucket" -> 63;
            case "AWS::SQS::Queue" -> 75;
            case "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::RDS::DBSubnetGroup" -> 63;
            case "AWS::ElastiCache::CacheCluster" -> 40;
            case "AWS::IAM::Role", "AWS::Lambda::Function" -> 64;
            case "AWS::ElasticLoadBalancing::LoadBalancer" -> 32;
            default -> 128;
        };
    }

    private String uuid() {
        String hex = names.hex(32);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-"
                + hex.substring(20);
    }

    private int octet() {
        return 1 + Integer.parseInt(names.hex(2), 16) % 250;
    }

    private static int octet(String seed, int which) {
        return 1 + Math.floorMod(stable(seed, "ip" + which, 4).hashCode(), 250);
    }

    /** Upper-case letters and digits derived from the physical id, so that an attribute stays the same across updates. */
    static String stable(String physicalId, String salt, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder text = new StringBuilder(length);
        long state = (physicalId + "|" + salt).hashCode() * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < length; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            text.append(alphabet.charAt((int) Math.floorMod(state >>> 33, alphabet.length())));
        }
        return text.toString();
    }

    private static String suffix(String physicalId) {
        int dash = physicalId.indexOf('-');
        return dash < 0 ? physicalId : physicalId.substring(dash + 1);
    }

    private static TextNode text(String value) {
        return TextNode.valueOf(value);
    }
}
