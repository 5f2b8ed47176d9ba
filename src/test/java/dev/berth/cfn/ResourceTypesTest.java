package dev.berth.cfn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The bundled facts: which types exist and which Fn::GetAtt attributes each accepts. */
class ResourceTypesTest {
    private final ResourceTypes types = ResourceTypes.bundled();

    static Stream<Arguments> attributes() {
        return Stream.of(
                arguments("AWS::ECS::Service", "ServiceArn", true),
                arguments("AWS::ECS::Service", "Name", true),
                arguments("AWS::ECS::Service", "Arn", false),
                arguments("AWS::ECS::Service", "servicearn", false),
                arguments("AWS::ECS::Cluster", "Arn", true),
                arguments("AWS::ECS::TaskDefinition", "TaskDefinitionArn", true),
                arguments("AWS::ECS::TaskDefinition", "Arn", false),
                arguments("AWS::ElasticLoadBalancingV2::LoadBalancer", "DNSName", true),
                arguments("AWS::ElasticLoadBalancingV2::LoadBalancer", "DnsName", false),
                arguments("AWS::EC2::SecurityGroup", "GroupId", true),
                arguments("AWS::EC2::VPC", "DefaultSecurityGroup", true),
                arguments("AWS::ECR::Repository", "RepositoryUri", true),
                arguments("AWS::IAM::Role", "Arn", true),
                arguments("AWS::IAM::Role", "RoleArn", false),
                arguments("AWS::SNS::Topic", "TopicName", true),
                arguments("AWS::SNS::Topic", "Nope", false),
                // nested attributes keep CloudFormation's dotted names
                arguments("AWS::RDS::DBInstance", "Endpoint.Address", true),
                arguments("AWS::RDS::DBInstance", "Endpoint.Port", true),
                arguments("AWS::RDS::DBInstance", "Endpoint", false),
                arguments("AWS::RDS::DBInstance", "Endpoint.Nope", false),
                arguments("AWS::ElasticLoadBalancing::LoadBalancer", "SourceSecurityGroup.OwnerAlias", true),
                // custom resources return whatever their handler sends
                arguments("Custom::Anything", "Whatever.It.Says", true),
                arguments("AWS::CloudFormation::CustomResource", "Url", true),
                // a nested stack's outputs, and nothing else
                arguments("AWS::CloudFormation::Stack", "Outputs.VpcId", true),
                arguments("AWS::CloudFormation::Stack", "Outputs.", false),
                arguments("AWS::CloudFormation::Stack", "Outputs", false),
                arguments("AWS::CloudFormation::Stack", "VpcId", false),
                arguments("AWS::CloudFormation::Stack", "Arn", false),
                // a type nobody knows has no attributes
                arguments("AWS::EC2::SecurityGroupp", "GroupId", false));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("attributes")
    void fnGetAttAcceptsTheAttributesTheTypeHas(String type, String attribute, boolean supported) {
        assertThat(types.supportsAttribute(type, attribute)).isEqualTo(supported);
    }

    @Test
    void knowsEveryTypeOfTheRegionAndRefusesTypos() {
        assertThat(types.size()).isGreaterThan(1000);
        assertThat(types.isKnown("AWS::EC2::SecurityGroup")).isTrue();
        assertThat(types.isKnown("AWS::ECS::Service")).isTrue();
        assertThat(types.isKnown("AWS::ApplicationAutoScaling::ScalableTarget")).isTrue();
        assertThat(types.isKnown("Custom::Migrations")).isTrue();
        assertThat(types.isKnown("AWS::EC2::SecurityGroupp")).isFalse();
        assertThat(types.isKnown("AWS::ECS::service")).isFalse();
        assertThat(types.isKnown("AWS::Serverless::Function")).isFalse();
        assertThat(types.source()).startsWith("cfn-lint ");
    }

    @Test
    void aPatternLineMatchesWhatItsStarStandsFor() {
        ResourceTypes facts = ResourceTypes.parse("# source: test\nAWS::X::Y\tArn\tItems.*.Id\n");
        assertThat(facts.source()).isEqualTo("test");
        assertThat(facts.supportsAttribute("AWS::X::Y", "Items.0.Id")).isTrue();
        assertThat(facts.supportsAttribute("AWS::X::Y", "Items..Id")).isFalse();
        assertThat(facts.supportsAttribute("AWS::X::Y", "Items.0.Name")).isFalse();
        assertThat(facts.supportsAttribute("AWS::X::Y", "Arn")).isTrue();
        assertThat(facts.isKnown("AWS::X::Z")).isFalse();
    }
}
