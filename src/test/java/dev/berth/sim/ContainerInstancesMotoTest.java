package dev.berth.sim;

import dev.berth.engine.aws.AwsClients;
import dev.berth.testing.AwsCli;
import dev.berth.testing.MotoServer;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.Resource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container-instance calls against moto, an emulator written elsewhere, and against berth sim:
 * the same requests give the same statuses, lists and resource names and types.
 */
class ContainerInstancesMotoTest {
    private static String document(String instanceId) {
        return "{\"instanceId\":\"" + instanceId + "\",\"instanceType\":\"t3.medium\",\"availabilityZone\":\"us-east-1a\","
                + "\"region\":\"us-east-1\"}";
    }

    record Seen(String status, String drainedStatus, List<String> draining, List<String> resourceNames, List<String> resourceTypes,
                int arns, boolean failureForUnknown) {
    }

    @Test
    void motoAndTheSimulatorAgree() throws Exception {
        Seen moto;
        String instanceId;
        try (MotoServer server = MotoServer.start(); AwsClients clients = server.clients(); EcsClient ecs = clients.ecs()) {
            // moto registers only an instance its EC2 knows: launch one with the AWS CLI
            AwsCli aws = new AwsCli(server.endpoint().toString());
            String image = aws.run("ec2", "describe-images").json().path("Images").get(0).path("ImageId").asText();
            instanceId = aws.run("ec2", "run-instances", "--image-id", image, "--instance-type", "t3.medium").json()
                    .path("Instances").get(0).path("InstanceId").asText();
            moto = exercise(ecs, instanceId);
        }
        Seen sim;
        try (SimFixture fixture = SimFixture.start(1); EcsClient ecs = fixture.ecs()) {
            sim = exercise(ecs, instanceId);
        }
        assertThat(sim).isEqualTo(moto);
    }

    private static Seen exercise(EcsClient ecs, String instanceId) {
        ecs.createCluster(r -> r.clusterName("room"));
        ContainerInstance registered = ecs.registerContainerInstance(r -> r.cluster("room").instanceIdentityDocument(document(instanceId))
                .totalResources(Resource.builder().name("CPU").type("INTEGER").integerValue(2048).build(),
                        Resource.builder().name("MEMORY").type("INTEGER").integerValue(3850).build())).containerInstance();
        List<String> arns = ecs.listContainerInstances(r -> r.cluster("room")).containerInstanceArns();
        ContainerInstance drained = ecs.updateContainerInstancesState(r -> r.cluster("room")
                .containerInstances(registered.containerInstanceArn()).status(ContainerInstanceStatus.DRAINING)).containerInstances().get(0);
        List<String> draining = ecs.listContainerInstances(r -> r.cluster("room").status(ContainerInstanceStatus.DRAINING))
                .containerInstanceArns();
        boolean failure = !ecs.describeContainerInstances(r -> r.cluster("room").containerInstances(
                registered.containerInstanceArn().replaceAll("[0-9a-f]{8}$", "00000000"))).failures().isEmpty();
        return new Seen(registered.status(), drained.status(), draining.equals(arns) ? List.of("same") : draining,
                registered.registeredResources().stream().map(Resource::name).sorted().toList(),
                registered.registeredResources().stream().map(Resource::type).sorted().toList(), arns.size(), failure);
    }
}
