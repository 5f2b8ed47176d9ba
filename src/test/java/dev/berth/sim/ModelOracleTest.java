package dev.berth.sim;

import dev.berth.sim.http.ApiExchange;
import dev.berth.testing.oracle.ModelOracle;
import dev.berth.testing.oracle.ServiceModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The oracle itself: it must catch each kind of disagreement with AWS's models, and pass what agrees. */
class ModelOracleTest {
    private static ModelOracle oracle;

    @BeforeAll
    static void models() {
        oracle = new ModelOracle(ServiceModels.fromBotocore());
    }

    private static List<String> json(String operation, String request, int status, String answer) {
        return oracle.judge(new ApiExchange(ApiExchange.Protocol.JSON, "ecs", operation,
                request.getBytes(StandardCharsets.UTF_8), status, answer.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> query(String operation, String request, int status, String answer) {
        return oracle.judge(new ApiExchange(ApiExchange.Protocol.QUERY, "cloudformation", operation,
                request.getBytes(StandardCharsets.UTF_8), status, answer.getBytes(StandardCharsets.UTF_8)));
    }

    private static String events(String... events) {
        return "<DescribeStackEventsResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
                + "<DescribeStackEventsResult><StackEvents>" + String.join("", events) + "</StackEvents>"
                + "</DescribeStackEventsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
                + "</DescribeStackEventsResponse>";
    }

    private static String event(String type, String physicalId, String status) {
        return "<member><StackId>arn:s</StackId><EventId>e</EventId><StackName>s</StackName><LogicalResourceId>L</LogicalResourceId>"
                + "<PhysicalResourceId>" + physicalId + "</PhysicalResourceId><ResourceType>" + type + "</ResourceType>"
                + "<Timestamp>2026-01-01T00:00:00.000Z</Timestamp><ResourceStatus>" + status + "</ResourceStatus></member>";
    }

    @Test
    void everySimFixtureKeepsItsAnswersToCheckThem() {
        try (dev.berth.testing.SimFixture sim = dev.berth.testing.SimFixture.start(1)) {
            sim.ecs().listClusters();
            sim.clients().cloudFormation().listStacks();
            assertThat(sim.answersRecorded()).isEqualTo(2);
        }
    }

    @Test
    void aJsonAnswerThatAgreesPasses() {
        assertThat(json("ListClusters", "{\"maxResults\":10}", 200, "{\"clusterArns\":[\"arn:aws:ecs:x\"]}")).isEmpty();
        assertThat(json("DescribeServices", "{\"services\":[\"web\"]}", 400,
                "{\"__type\":\"ClusterNotFoundException\",\"message\":\"Cluster not found.\"}")).isEmpty();
    }

    @Test
    void jsonAnswersWithUnknownMembersWrongTypesOrInvalidEnumsAreCaught() {
        List<String> violations = json("DescribeServices", "{\"services\":[\"web\"]}", 200,
                "{\"services\":[{\"serviceName\":\"web\",\"desiredCount\":\"2\",\"launchType\":\"BOAT\",\"colour\":\"red\","
                        + "\"createdAt\":\"yesterday\"}],\"failures\":[]}");
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("$.services[0].desiredCount").contains("integer"))
                .anySatisfy(v -> assertThat(v).contains("'BOAT' is not a valid LaunchType"))
                .anySatisfy(v -> assertThat(v).contains("$.services[0].colour: unknown member"))
                .anySatisfy(v -> assertThat(v).contains("$.services[0].createdAt").contains("epoch seconds"));
    }

    @Test
    void jsonRequestsAreCheckedAgainstTheInputShape() {
        assertThat(json("DescribeServices", "{\"cluster\":\"c\"}", 200, "{}"))
                .anySatisfy(v -> assertThat(v).contains("request $: required member services"));
        assertThat(json("ListClusters", "{\"limit\":10}", 200, "{}"))
                .anySatisfy(v -> assertThat(v).contains("request $.limit: unknown member"));
        assertThat(json("Fly", "{}", 200, "{}")).containsExactly("ecs:Fly: not an operation of ecs in AWS's model");
    }

    @Test
    void anErrorCodeTheModelDoesNotKnowIsCaught() {
        assertThat(json("ListClusters", "{}", 400, "{\"__type\":\"ClusterMissing\",\"message\":\"no\"}"))
                .anySatisfy(v -> assertThat(v).contains("error code ClusterMissing"));
    }

    @Test
    void aStackStatusIsValidOnTheStacksOwnEventsOnly() {
        String own = event("AWS::CloudFormation::Stack", "arn:s", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
        assertThat(query("DescribeStackEvents", "Action=DescribeStackEvents&Version=2010-05-15&StackName=s", 200,
                events(own, event("AWS::ECS::Service", "arn:svc", "UPDATE_COMPLETE")))).isEmpty();
        assertThat(query("DescribeStackEvents", "Action=DescribeStackEvents&StackName=s", 200,
                events(event("AWS::ECS::Service", "arn:svc", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"))))
                .anySatisfy(v -> assertThat(v).contains("'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' is not a valid ResourceStatus"));
        assertThat(query("DescribeStackEvents", "Action=DescribeStackEvents&StackName=s", 200,
                events(event("AWS::CloudFormation::Stack", "arn:s", "CREATE_DONE"))))
                .anySatisfy(v -> assertThat(v).contains("'CREATE_DONE' is not a valid StackStatus"));
    }

    @Test
    void xmlAnswersMissingRequiredMembersOrNotWellFormedAreCaught() {
        String noEventId = events(event("AWS::ECS::Service", "arn:svc", "UPDATE_COMPLETE").replace("<EventId>e</EventId>", ""));
        assertThat(query("DescribeStackEvents", "Action=DescribeStackEvents&StackName=s", 200, noEventId))
                .anySatisfy(v -> assertThat(v).contains("required member EventId of StackEvent is missing"));
        String control = events(event("AWS::ECS::Service", "arn:svc\u0001", "UPDATE_COMPLETE"));
        assertThat(query("DescribeStackEvents", "Action=DescribeStackEvents&StackName=s", 200, control))
                .anySatisfy(v -> assertThat(v).contains("not well-formed"));
    }

    @Test
    void queryRequestsAreCheckedAgainstTheInputShape() {
        String answer = "<ListChangeSetsResponse><ListChangeSetsResult><Summaries/></ListChangeSetsResult></ListChangeSetsResponse>";
        assertThat(query("ListChangeSets", "Action=ListChangeSets&Version=2010-05-15&StackName=s", 200, answer)).isEmpty();
        assertThat(query("ListChangeSets", "Action=ListChangeSets&Stack=s", 200, answer))
                .anySatisfy(v -> assertThat(v).contains("request $.Stack: unknown member"))
                .anySatisfy(v -> assertThat(v).contains("required member StackName"));
        assertThat(query("UpdateStack", "Action=UpdateStack&StackName=s&Parameters.member.1.ParameterKey=V"
                + "&Parameters.member.1.UsePreviousValue=yes", 200, "<UpdateStackResponse/>"))
                .anySatisfy(v -> assertThat(v).contains("$.Parameters[1].UsePreviousValue: expected true or false"));
    }

    private static List<String> s3(String operation, int status, String answer) {
        return oracle.judgeAnswer(new ApiExchange(ApiExchange.Protocol.REST_XML, "s3", operation, new byte[0], status,
                answer.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void judgesS3sRestXmlAnswers() {
        String listing = "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name><KeyCount>1</KeyCount>"
                + "<IsTruncated>false</IsTruncated><Contents><Key>k</Key><Size>3</Size><StorageClass>STANDARD</StorageClass>"
                + "</Contents></ListBucketResult>";
        assertThat(s3("ListObjectsV2", 200, listing)).isEmpty();
        assertThat(s3("ListObjectsV2", 200, listing.replace("<Size>3</Size>", "<Size>three</Size>")))
                .anySatisfy(v -> assertThat(v).contains("Size"));
        assertThat(s3("ListObjectsV2", 200, listing.replace("<KeyCount>", "<Count>1</Count><KeyCount>")))
                .anySatisfy(v -> assertThat(v).contains("unknown member"));
        assertThat(s3("GetObject", 404, "<Error><Code>NoSuchKey</Code><Message>m</Message></Error>")).isEmpty();
        assertThat(s3("GetObject", 404, "<Error><Code>NoSuchThing</Code><Message>m</Message></Error>"))
                .anySatisfy(v -> assertThat(v).contains("NoSuchThing"));
        assertThat(s3("GetObject", 404, "<ErrorResponse><Error><Code>NoSuchKey</Code></Error></ErrorResponse>")).isNotEmpty();
        assertThat(s3("PutObject", 200, "<PutObjectResult/>")).anySatisfy(v -> assertThat(v).contains("no body expected"));
        assertThat(s3("HeadObject", 404, "")).isEmpty();
    }
}
