package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ref and Fn::GetAtt of the resource types public ECS templates use (AWS's reference architectures
 * and sample repositories: networking, IAM, logs, queues, buckets, scaling, discovery), in AWS's
 * formats: ids with their prefixes, ARNs with region and account, queue URLs, lower-case bucket names.
 */
class OpaqueIdentifiersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEX17 = "[0-9a-f]{17}";
    private static final String ACCOUNT = "123456789012";

    private final OpaqueIdentifiers identifiers = new OpaqueIdentifiers(new PhysicalNames(new Random(7)));

    private static ResourceRequest request(String type, String properties) throws Exception {
        return new ResourceRequest("eu-west-1", ACCOUNT, "Web-Prod", "arn:aws:cloudformation:eu-west-1:" + ACCOUNT + ":stack/Web-Prod/x",
                "MyResource", type, JSON.readTree(properties.replace('\'', '"')));
    }

    /** type | properties | Ref pattern. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "AWS::EC2::VPC|{}|vpc-" + HEX17,
            "AWS::EC2::Subnet|{}|subnet-" + HEX17,
            "AWS::EC2::SecurityGroup|{'GroupName':'web'}|sg-" + HEX17,
            "AWS::EC2::SecurityGroupIngress|{}|sgr-" + HEX17,
            "AWS::EC2::SecurityGroupEgress|{}|sgr-" + HEX17,
            "AWS::EC2::InternetGateway|{}|igw-" + HEX17,
            "AWS::EC2::RouteTable|{}|rtb-" + HEX17,
            "AWS::EC2::SubnetRouteTableAssociation|{}|rtbassoc-" + HEX17,
            "AWS::EC2::NatGateway|{}|nat-" + HEX17,
            "AWS::EC2::LaunchTemplate|{}|lt-" + HEX17,
            "AWS::EC2::Instance|{}|i-" + HEX17,
            "AWS::EC2::VPCEndpoint|{}|vpce-" + HEX17,
            "AWS::EC2::NetworkAcl|{}|acl-" + HEX17,
            "AWS::EFS::FileSystem|{}|fs-" + HEX17,
            "AWS::EFS::AccessPoint|{}|fsap-" + HEX17,
            "AWS::EC2::EIP|{}|\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}",
            "AWS::EC2::Route|{'RouteTableId':'rtb-0123','DestinationCidrBlock':'0.0.0.0/0'}|rtb-0123\\x7C0\\.0\\.0\\.0/0",
            "AWS::S3::Bucket|{}|web-prod-myresource-[a-z0-9]{12}",
            "AWS::S3::Bucket|{'BucketName':'my-logs'}|my-logs",
            "AWS::SQS::Queue|{}|https://sqs\\.eu-west-1\\.amazonaws\\.com/123456789012/Web-Prod-MyResource-[A-Z0-9]{12}",
            "AWS::SQS::Queue|{'FifoQueue':true}|https://sqs\\.eu-west-1\\.amazonaws\\.com/123456789012/Web-Prod-MyResource-[A-Z0-9]{12}\\.fifo",
            "AWS::SQS::Queue|{'QueueName':'jobs'}|https://sqs\\.eu-west-1\\.amazonaws\\.com/123456789012/jobs",
            "AWS::SNS::Topic|{}|arn:aws:sns:eu-west-1:123456789012:Web-Prod-MyResource-[A-Z0-9]{12}",
            "AWS::SNS::Topic|{'TopicName':'alerts'}|arn:aws:sns:eu-west-1:123456789012:alerts",
            "AWS::IAM::Role|{}|Web-Prod-MyResource-[A-Z0-9]{12}",
            "AWS::IAM::ManagedPolicy|{}|arn:aws:iam::123456789012:policy/Web-Prod-MyResource-[A-Z0-9]{12}",
            "AWS::IAM::AccessKey|{}|AKIA[A-Z0-9]{16}",
            "AWS::Logs::LogGroup|{}|Web-Prod-MyResource-[A-Z0-9]{12}",
            "AWS::AutoScaling::ScalingPolicy|{'AutoScalingGroupName':'web'}|arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:"
                    + "[0-9a-f-]{36}:autoScalingGroupName/web:policyName/Web-Prod-MyResource-[A-Z0-9]{12}",
            "AWS::ApplicationAutoScaling::ScalableTarget|{'ResourceId':'service/c/s','ScalableDimension':'ecs:service:DesiredCount',"
                    + "'ServiceNamespace':'ecs'}|service/c/s\\x7Cecs:service:DesiredCount\\x7Cecs",
            "AWS::ApplicationAutoScaling::ScalingPolicy|{'ResourceId':'service/c/s','ServiceNamespace':'ecs'}|arn:aws:autoscaling:"
                    + "eu-west-1:123456789012:scalingPolicy:[0-9a-f-]{36}:resource/ecs/service/c/s:policyName/Web-Prod-MyResource-[A-Z0-9]{12}",
            "AWS::SecretsManager::Secret|{}|arn:aws:secretsmanager:eu-west-1:123456789012:secret:MyResource-[A-Z0-9]{12}-[A-Z0-9]{6}",
            "AWS::KMS::Key|{}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            "AWS::CertificateManager::Certificate|{}|arn:aws:acm:eu-west-1:123456789012:certificate/[0-9a-f-]{36}",
            "AWS::ServiceDiscovery::PrivateDnsNamespace|{}|ns-[a-z0-9]{16}",
            "AWS::ServiceDiscovery::Service|{}|srv-[a-z0-9]{16}",
            "AWS::RDS::DBInstance|{}|web-prod-myresource-[a-z0-9]{12}",
            "AWS::DynamoDB::Table|{}|Web-Prod-MyResource-[A-Z0-9]{12}",
            "AWS::CloudFront::Distribution|{}|E[A-Z0-9]{13}"})
    void refIsInAwsFormat(String type, String properties, String pattern) throws Exception {
        assertThat(identifiers.physicalId(request(type, properties), given(type, properties))).matches(pattern);
    }

    /** type | properties | attribute | pattern. */
    @ParameterizedTest(name = "{0}.{2}")
    @CsvSource(delimiter = '|', value = {
            "AWS::S3::Bucket|{}|Arn|arn:aws:s3:::web-prod-myresource-[a-z0-9]{12}",
            "AWS::S3::Bucket|{}|RegionalDomainName|web-prod-myresource-[a-z0-9]{12}\\.s3\\.eu-west-1\\.amazonaws\\.com",
            "AWS::SQS::Queue|{}|Arn|arn:aws:sqs:eu-west-1:123456789012:Web-Prod-MyResource-[A-Z0-9]{12}",
            "AWS::SQS::Queue|{}|QueueName|Web-Prod-MyResource-[A-Z0-9]{12}",
            "AWS::IAM::Role|{}|Arn|arn:aws:iam::123456789012:role/Web-Prod-MyResource-[A-Z0-9]{12}",
            "AWS::IAM::Role|{}|RoleId|AROA[A-Z0-9]{17}",
            "AWS::IAM::InstanceProfile|{}|Arn|arn:aws:iam::123456789012:instance-profile/Web-Prod-MyResource-[A-Z0-9]{12}",
            "AWS::Logs::LogGroup|{}|Arn|arn:aws:logs:eu-west-1:123456789012:log-group:Web-Prod-MyResource-[A-Z0-9]{12}:\\*",
            "AWS::EC2::VPC|{'CidrBlock':'10.1.0.0/16'}|DefaultSecurityGroup|sg-" + HEX17,
            "AWS::EC2::EIP|{}|AllocationId|eipalloc-" + HEX17,
            "AWS::EC2::Instance|{}|PrivateIp|10\\.0\\.\\d{1,3}\\.\\d{1,3}",
            "AWS::EFS::FileSystem|{}|Arn|arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-" + HEX17,
            "AWS::KMS::Key|{}|Arn|arn:aws:kms:eu-west-1:123456789012:key/[0-9a-f-]{36}",
            "AWS::ServiceDiscovery::Service|{}|Arn|arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-[a-z0-9]{16}",
            "AWS::ServiceDiscovery::PrivateDnsNamespace|{}|HostedZoneId|Z[A-Z0-9]{20}",
            "AWS::DynamoDB::Table|{}|Arn|arn:aws:dynamodb:eu-west-1:123456789012:table/Web-Prod-MyResource-[A-Z0-9]{12}",
            "AWS::Events::Rule|{}|Arn|arn:aws:events:eu-west-1:123456789012:rule/Web-Prod-MyResource-[A-Z0-9]{12}",
            "AWS::Lambda::Function|{}|Arn|arn:aws:lambda:eu-west-1:123456789012:function:Web-Prod-MyResource-[A-Z0-9]{12}"})
    void attributesAreInAwsFormat(String type, String properties, String attribute, String pattern) throws Exception {
        ResourceRequest request = request(type, properties);
        String physicalId = identifiers.physicalId(request, given(type, properties));
        JsonNode value = identifiers.attributes(request, physicalId).get(attribute);
        assertThat(value).as(attribute).isNotNull();
        assertThat(value.asText()).matches(pattern);
    }

    @Test
    void attributesDerivedFromTheIdStayTheSameAcrossUpdates() throws Exception {
        ResourceRequest role = request("AWS::IAM::Role", "{}");
        Map<String, JsonNode> first = identifiers.attributes(role, "Web-Prod-Role-ABC");
        assertThat(identifiers.attributes(role, "Web-Prod-Role-ABC")).isEqualTo(first);
    }

    @Test
    void anUnrecordedArnAttributeHasTheServiceRegionAndAccount() {
        assertThat(OpaqueIdentifiers.fallback("AWS::CodeBuild::Project", "web-build", "Arn", "eu-west-1", ACCOUNT).asText())
                .isEqualTo("arn:aws:codebuild:eu-west-1:123456789012:project/web-build");
        assertThat(OpaqueIdentifiers.fallback("AWS::X::Y", "arn:aws:x:eu-west-1:1:y/z", "Arn", "eu-west-1", ACCOUNT).asText())
                .isEqualTo("arn:aws:x:eu-west-1:1:y/z");
    }

    private static String given(String type, String properties) throws Exception {
        JsonNode props = JSON.readTree(properties.replace('\'', '"'));
        for (String name : new String[] {"BucketName", "QueueName", "TopicName"}) {
            if (props.has(name)) {
                return props.get(name).asText();
            }
        }
        return null;
    }
}
