package dev.berth;

import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import dev.berth.sim.autoscaling.SimGroup;

import dev.berth.report.ReportWriter;
import org.junit.jupiter.api.io.TempDir;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster stack's Auto Scaling group grows and shrinks on reservation (two t3.medium instances,
 * 3850 MiB each, scale out above 75 %, in below 30 % for 15 minutes). A release whose web service
 * holds a static host port on every instance stalls for room until the group grows, which it does
 * because the same release raises the worker count past the alarm's threshold; an instance boots
 * for a minute before it registers. An idle cluster gives one back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScalingStoriesTest {
    private SimFixture sim;

    @BeforeAll
    void start() {
        sim = SimFixture.start(120);
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    @Test
    void aRolloutStalledForRoomResumesOnlyOnceTheGroupScalesOutOnReservation(@TempDir Path report) throws Exception {
        // slower: berth attaches while the stall lasts (at least the new instance's minute of boot, 2 s here)
        try (SimFixture sim = SimFixture.start(30)) {
            stalledRolloutResumes(sim, report);
        }
    }

    private void stalledRolloutResumes(SimFixture sim, Path report) throws Exception {
        StackFixture.cluster(sim, "grow", Map.of("MinSize", "2"));
        String stack = StackFixture.stack(sim, "grow-app", template("stories/web-and-worker.yaml"),
                Map.of("ClusterStack", "grow-ecs", "Version", "1", "WorkerCount", "1"));
        String[] web = serviceOf(sim, stack, "Web");
        List<String> before = instanceArns(sim, web[0]);
        assertThat(before).hasSize(2);
        assertThat(group(sim, "grow-ecs").desiredCapacity()).isEqualTo(2);

        // web holds port 80 on both instances at 200/100: its new tasks fit nowhere and no old one may stop.
        // The release also runs 5 workers of 1024 MiB: 6144 of 7700 MiB reserved (80 %) passes the 75 % alarm.
        try (CloudFormationClient cfn = sim.clients().cloudFormation()) {
            cfn.updateStack(r -> r.stackName(stack).usePreviousTemplate(true).parameters(
                    Parameter.builder().parameterKey("ClusterStack").usePreviousValue(true).build(),
                    Parameter.builder().parameterKey("Version").parameterValue("2").build(),
                    Parameter.builder().parameterKey("WorkerCount").parameterValue("5").build()));
        }
        // the stall is on: web:2 is PRIMARY and ECS has said it cannot place its tasks
        Instant deadline = Instant.now().plusSeconds(30);
        while (!stalled(sim, web) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(group(sim, "grow-ecs").desiredCapacity()).isEqualTo(2);
        CliRun waited = CliRun.against(sim, "wait", "--cluster", web[0], "--service", web[1],
                "--task-definition", stack + "-web:2", "--timeout", "60s", "--report", report.toString());
        String output = waited.stdout() + waited.stderr();
        assertThat(waited.exitCode()).as(output).isZero();
        assertThat(output).contains("SUCCEEDED").contains("was unable to place a task because no container instance met all "
                + "of its requirements");

        assertThat(Files.readString(report.resolve(ReportWriter.TIMELINE))).contains("<g class=\"stall\"")
                .contains("data-resumed=\"true\"");
        assertStallBandWithinThePlotBeforeTheNewTaskStarted(report.resolve(ReportWriter.TIMELINE));

        assertThat(group(sim, "grow-ecs").desiredCapacity()).isEqualTo(3);
        List<String> after = instanceArns(sim, web[0]);
        List<String> added = after.stream().filter(arn -> !before.contains(arn)).toList();
        assertThat(added).hasSize(1);
        try (EcsClient ecs = sim.ecs()) {
            Service service = ecs.describeServices(r -> r.cluster(web[0]).services(web[1])).services().get(0);
            assertThat(service.runningCount()).isEqualTo(2);
            assertThat(service.taskDefinition()).endsWith(stack + "-web:2");
            List<String> tasks = ecs.listTasks(r -> r.cluster(web[0]).serviceName(web[1])).taskArns();
            List<Task> running = ecs.describeTasks(r -> r.cluster(web[0]).tasks(tasks)).tasks();
            assertThat(running).extracting(Task::containerInstanceArn).contains(added.get(0));
            assertThat(running).allMatch(t -> t.taskDefinitionArn().endsWith(stack + "-web:2"));
            // the stall was reported before the new instance registered: growth, not a swap, ended it
            Instant registered = ecs.describeContainerInstances(r -> r.cluster(web[0]).containerInstances(added)).containerInstances()
                    .get(0).registeredAt();
            assertThat(service.events()).anyMatch(e -> e.message().contains("was unable to place a task")
                    && e.message().contains("is already using a port required by your task")
                    && e.createdAt().isBefore(registered));
            Service worker = ecs.describeServices(r -> r.cluster(web[0]).services(serviceOf(sim, stack, "Worker")[1])).services().get(0);
            assertThat(worker.runningCount()).isEqualTo(5);
        }
    }

    @Test
    void anIdleClusterShrinksToItsMinimumAfterReservationStaysLow() throws Exception {
        StackFixture.clusterAndService(sim, "idle", Map.of("DesiredCount", "1", "ContainerMemory", "256"));
        String cluster = serviceOf("idle-web")[0];
        assertThat(instances(cluster)).isEqualTo(2);
        // 256 of 7700 MiB reserved: under 30 % for 15 one-minute periods, then one instance drains and goes;
        // while it drains, its task's replacement runs beside it for a moment
        Instant deadline = Instant.now().plusSeconds(60);
        while ((instances(cluster) > 1 || running(cluster, serviceOf("idle-web")[1]) != 1) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(instances(cluster)).isEqualTo(1);
        assertThat(running(cluster, serviceOf("idle-web")[1])).isEqualTo(1);
        Thread.sleep(Duration.ofSeconds(5).toMillis()); // 10 more minutes: MinSize 1 holds
        assertThat(instances(cluster)).isEqualTo(1);
    }

    @Test
    void aFullClusterThatCanGrowIsWarnedAboutNotRefusedAndTheRolloutSucceedsOnceItHasGrown() throws Exception {
        // slower: berth's pre-flight comes before the group's alarm has judged its first minute
        try (SimFixture slow = SimFixture.start(10)) {
            String stack = StackFixture.clusterAndService(slow, "full", Map.of("DesiredCount", "4", "ContainerMemory", "1900"));
            CliRun run = CliRun.against(slow, "deploy", "--stack", stack, "--version", "2", "--timeout", "5m");
            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            assertThat(run.stdout() + run.stderr()).contains("the rollout will stall for room until the cluster's Auto Scaling "
                    + "group adds 1 instance(s)").doesNotContain("has no room on cluster");
            try (CloudFormationClient cfn = slow.clients().cloudFormation(); EcsClient ecs = slow.ecs()) {
                String arn = cfn.describeStackResource(r -> r.stackName(stack).logicalResourceId("Service"))
                        .stackResourceDetail().physicalResourceId();
                assertThat(ecs.listContainerInstances(r -> r.cluster(arn.split("/")[1])).containerInstanceArns().size())
                        .isGreaterThanOrEqualTo(3);
            }
        }
    }

    /**
     * The sim's ECS clock runs ahead of berth's polls; the band is placed by berth's clock: inside
     * the plotted polls, starting before the first poll that saw a new task (the new instance's).
     */
    private static void assertStallBandWithinThePlotBeforeTheNewTaskStarted(Path timeline) throws Exception {
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(timeline.toFile());
        NodeList groups = svg.getElementsByTagName("g");
        Element chart = null;
        for (int i = 0; i < groups.getLength() && chart == null; i++) {
            Element g = (Element) groups.item(i);
            chart = "chart".equals(g.getAttribute("class")) ? g : null;
        }
        assertThat(chart).as("the service's chart").isNotNull();
        double x0 = Double.parseDouble(chart.getAttribute("data-x0"));
        double plotEnd = x0;
        Double firstNew = null;
        NodeList rects = chart.getElementsByTagName("rect");
        Element band = null;
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            double x = Double.parseDouble(rect.getAttribute("x"));
            if ("stall".equals(((Element) rect.getParentNode()).getAttribute("class"))) {
                band = rect;
            } else if ("sample".equals(rect.getAttribute("class"))) {
                plotEnd = Math.max(plotEnd, x + Double.parseDouble(rect.getAttribute("width")));
                int started = Integer.parseInt(rect.getAttribute("data-new-running")) + Integer.parseInt(rect.getAttribute("data-new-pending"));
                if (firstNew == null && started > 0) {
                    firstNew = x;
                }
            }
        }
        assertThat(band).as("the stall band").isNotNull();
        assertThat(firstNew).as("a poll that saw the new deployment's task").isNotNull();
        double from = Double.parseDouble(band.getAttribute("x"));
        double until = from + Double.parseDouble(band.getAttribute("width"));
        assertThat(from).isBetween(x0, plotEnd);
        assertThat(until).isBetween(x0, plotEnd);
        assertThat(from).isLessThan(firstNew);
    }

    private static boolean stalled(SimFixture sim, String[] web) {
        try (EcsClient ecs = sim.ecs()) {
            Service service = ecs.describeServices(r -> r.cluster(web[0]).services(web[1])).services().get(0);
            return service.taskDefinition().endsWith("-web:2")
                    && service.events().stream().anyMatch(e -> e.message().contains("was unable to place a task"));
        }
    }

    private static List<String> instanceArns(SimFixture sim, String cluster) {
        try (EcsClient ecs = sim.ecs()) {
            return ecs.listContainerInstances(r -> r.cluster(cluster).status(ContainerInstanceStatus.ACTIVE)).containerInstanceArns();
        }
    }

    private static SimGroup group(SimFixture sim, String name) {
        return sim.server().autoScaling().group(SimFixture.REGION, name).orElseThrow();
    }

    private static String template(String resource) throws Exception {
        try (InputStream in = ScalingStoriesTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private int running(String cluster, String service) {
        try (EcsClient ecs = sim.ecs()) {
            return ecs.describeServices(r -> r.cluster(cluster).services(service)).services().get(0).runningCount();
        }
    }

    private int instances(String cluster) {
        try (EcsClient ecs = sim.ecs()) {
            return ecs.listContainerInstances(r -> r.cluster(cluster).status(ContainerInstanceStatus.ACTIVE))
                    .containerInstanceArns().size();
        }
    }

    /** The service stack's cluster name and service name. */
    private String[] serviceOf(String stack) {
        return serviceOf(sim, stack, "Service");
    }

    private static String[] serviceOf(SimFixture sim, String stack, String logicalId) {
        try (CloudFormationClient cfn = sim.clients().cloudFormation()) {
            String arn = cfn.describeStackResource(r -> r.stackName(stack).logicalResourceId(logicalId)).stackResourceDetail()
                    .physicalResourceId();
            return new String[]{arn.split("/")[1], arn.split("/")[2]};
        }
    }
}
