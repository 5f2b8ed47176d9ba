package dev.berth.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.berth.testing.CliRun;
import dev.berth.testing.HeadlessChromium;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.berth.report.TimelineSvgTest.intAttr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reports of real commands on the simulator: a good deploy, a crashing deploy the circuit breaker
 * rolls back, a slow deploy, a release manager's rollback and a wait. Each report's result.json
 * follows the documented schema and is the command's JSON result; its chart shows at every poll
 * exactly the counts in that result's timeline; its page needs nothing from outside. Headless
 * Chromium renders the charts and pages, and their pixels show the outcome and the series.
 */
class ReportStoriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimFixture sim;
    private static final Map<String, Path> reports = new LinkedHashMap<>();
    private static final Map<String, String> stdout = new LinkedHashMap<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void runTheStories() {
        sim = SimFixture.start(8);
        String stack = StackFixture.clusterAndService(sim, "report", Map.of("DesiredCount", "4"));
        run("good", 0, "deploy", "--stack", stack, "--version", "2");
        run("crash", 4, "deploy", "--stack", stack, "--version", "3-crash");
        run("slow", 0, "deploy", "--stack", stack, "--version", "4-slow");
        run("rollback", 0, "rollback", "--stack", stack, "--to", "2", "--approved-by", "rita", "--reason", "slow pages <since 4>");
        try (CloudFormationClient cfn = sim.clients().cloudFormation(); EcsClient ecs = sim.ecs()) {
            String arn = cfn.describeStackResource(r -> r.stackName(stack).logicalResourceId("Service"))
                    .stackResourceDetail().physicalResourceId();
            String cluster = arn.split("/")[1];
            String service = arn.split("/")[2];
            ecs.updateService(r -> r.cluster(cluster).service(service).forceNewDeployment(true));
            run("wait", 0, "wait", "--cluster", cluster, "--service", service);
        }
    }

    private static void run(String name, int exitCode, String... args) {
        Path report = dir.resolve(name);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--report", report.toString(), "--output", "json"));
        CliRun run = CliRun.against(sim, all.toArray(String[]::new));
        assertThat(run.exitCode()).as(name + ": " + run.stderr()).isEqualTo(exitCode);
        assertThat(run.stderr()).contains("report: " + report.resolve("report.html").toAbsolutePath());
        reports.put(name, report);
        stdout.put(name, run.stdout());
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"good", "crash", "slow", "rollback", "wait"})
    void resultJsonIsTheCommandsResultAndFollowsTheDocumentedSchema(String name) throws Exception {
        JsonNode result = JSON.readTree(reports.get(name).resolve("result.json").toFile());
        assertThat(result).isEqualTo(JSON.readTree(stdout.get(name)));
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.newInputStream(Path.of("docs/result.schema.json")));
        Set<ValidationMessage> problems = schema.validate(result);
        assertThat(problems).as(name).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"good", "crash", "slow", "rollback", "wait"})
    void theChartShowsAtEveryPollTheCountsOfTheTimelineInResultJson(String name) throws Exception {
        JsonNode result = JSON.readTree(reports.get(name).resolve("result.json").toFile());
        Document svg = TimelineSvgTest.parse(Files.readString(reports.get(name).resolve("timeline.svg")));
        List<Element> charts = TimelineSvgTest.elements(svg, "g", "chart");
        assertThat(charts).hasSize(result.path("services").size()).isNotEmpty();
        for (JsonNode service : result.path("services")) {
            String serviceName = service.path("service").asText();
            String judged = service.path("deploymentId").asText();
            assertThat(judged).as("%s: the deployment judged", name).isNotEmpty();
            List<int[]> fromJson = new ArrayList<>();
            for (JsonNode sample : result.path("timeline")) {
                if (!sample.path("service").asText().equals(serviceName)) {
                    continue;
                }
                int[] counts = new int[6]; // old running, old pending, new running, new pending, lower, upper
                for (JsonNode d : sample.path("deployments")) {
                    boolean isNew = d.path("id").asText().equals(judged);
                    counts[isNew ? 2 : 0] += d.path("running").asInt();
                    counts[isNew ? 3 : 1] += d.path("pending").asInt();
                }
                counts[4] = sample.path("lowerBound").asInt();
                counts[5] = sample.path("upperBound").asInt();
                fromJson.add(counts);
            }
            Element chart = charts.stream().filter(c -> c.getAttribute("data-service").equals(serviceName)).findFirst().orElseThrow();
            List<int[]> drawn = new ArrayList<>();
            var rects = chart.getElementsByTagNameNS("*", "rect");
            for (int i = 0; i < rects.getLength(); i++) {
                Element r = (Element) rects.item(i);
                if (r.getAttribute("class").equals("sample")) {
                    drawn.add(new int[]{intAttr(r, "data-old-running"), intAttr(r, "data-old-pending"),
                            intAttr(r, "data-new-running"), intAttr(r, "data-new-pending"), intAttr(r, "data-lower"),
                            intAttr(r, "data-upper")});
                }
            }
            assertThat(fromJson).as("%s: polls of %s", name, serviceName).isNotEmpty();
            assertThat(drawn).as("%s: every poll is drawn with its counts", name)
                    .usingElementComparator((a, b) -> java.util.Arrays.equals((int[]) a, (int[]) b) ? 0 : 1)
                    .containsExactlyElementsOf(fromJson);
        }
    }

    @Test
    void theTimelinesHoldWhatEachStoryIsAbout() throws Exception {
        assertThat(maxOver("good", "data-new-running")).isEqualTo(4);
        assertThat(maxOver("good", "data-old-running")).isEqualTo(4);
        assertThat(maxOver("slow", "data-new-pending")).as("slow pulls keep new tasks pending").isPositive();
        String crashSvg = Files.readString(reports.get("crash").resolve("timeline.svg"));
        assertThat(crashSvg).contains("class=\"marker circuit-breaker\"").contains("data-outcome=\"ROLLED_BACK\"");
        assertThat(Files.readString(reports.get("good").resolve("timeline.svg"))).doesNotContain("circuit-breaker");
    }

    @ParameterizedTest
    @ValueSource(strings = {"good", "crash", "slow", "rollback", "wait"})
    void thePageIsSelfContainedAndTellsTheStory(String name) throws Exception {
        String html = Files.readString(reports.get(name).resolve("report.html"));
        JsonNode result = JSON.readTree(reports.get(name).resolve("result.json").toFile());
        String withoutNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        Matcher external = Pattern.compile("(?i)(https?:|//[a-z0-9.-]+/|src=|<script|<link|@import|url\\()").matcher(withoutNamespace);
        assertThat(external.find() ? withoutNamespace.substring(external.start(), Math.min(withoutNamespace.length(), external.start() + 40)) : null)
                .as("%s: nothing to fetch or run; the only URL is the SVG namespace", name).isNull();
        assertThat(html).contains("id=\"outcome\"").contains(">" + result.path("outcome").asText() + "<")
                .contains("<svg").contains("Summary").contains("Service events").contains("Stopped tasks");
        switch (name) {
            case "good", "slow" -> assertThat(html).contains("Stack events").doesNotContain("id=\"rollback\"")
                    .contains(result.path("image").path("digest").asText());
            case "crash" -> assertThat(html).contains("id=\"rollback\"").contains("back on 2")
                    .contains("Essential container in task exited").contains("UPDATE_ROLLBACK_COMPLETE");
            case "rollback" -> assertThat(html).contains("id=\"rollback\"").contains("approved by rita")
                    .contains("slow pages &lt;since 4&gt;").contains("4-slow → 2");
            default -> assertThat(html).doesNotContain("Stack events");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"good", "crash", "slow"})
    void chromiumRendersTheChartWithTheExpectedSeries(String name) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        Path svg = reports.get(name).resolve("timeline.svg");
        Path png = dir.resolve(name + "-timeline.png");
        HeadlessChromium.Run run = chromium.screenshot(svg, png, TimelineSvg.WIDTH, 420);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.consoleErrors()).isEmpty();
        assertThat(chromium.dumpDom(svg).stdout()).as("an SVG parse error shows up as a page of errors")
                .doesNotContain("error on line").contains("<svg");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(TimelineSvg.WIDTH);
        assertThat(pixels(image, TimelineSvg.Series.OLD_RUNNING.colour)).as("old running").isGreaterThan(500);
        assertThat(pixels(image, TimelineSvg.LOWER_COLOUR)).as("lower bound").isGreaterThan(100);
        assertThat(pixels(image, TimelineSvg.UPPER_COLOUR)).as("upper bound").isGreaterThan(100);
        String outcome = JSON.readTree(reports.get(name).resolve("result.json").toFile()).path("outcome").asText();
        assertThat(pixels(image, ReportColours.of(dev.berth.engine.Outcome.valueOf(outcome)))).as("verdict marker").isGreaterThan(100);
        switch (name) {
            case "good" -> assertThat(pixels(image, TimelineSvg.Series.NEW_RUNNING.colour)).as("new running").isGreaterThan(2000);
            case "slow" -> {
                assertThat(pixels(image, TimelineSvg.Series.NEW_RUNNING.colour)).as("new running").isGreaterThan(2000);
                assertThat(pixels(image, TimelineSvg.Series.NEW_PENDING.colour)).as("new pending").isGreaterThan(500);
            }
            default -> assertThat(pixels(image, TimelineSvg.BREAKER_COLOUR)).as("circuit breaker").isGreaterThan(100);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"good", "crash", "slow"})
    void chromiumRendersThePageWithTheOutcome(String name) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        Path page = reports.get(name).resolve("report.html");
        Path png = dir.resolve(name + "-report.png");
        HeadlessChromium.Run run = chromium.screenshot(page, png, 1200, 1400);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.consoleErrors()).isEmpty();
        String outcome = JSON.readTree(reports.get(name).resolve("result.json").toFile()).path("outcome").asText();
        assertThat(chromium.dumpDom(page).stdout()).contains("id=\"outcome\"").contains(outcome);
        BufferedImage image = ImageIO.read(png.toFile());
        String colour = ReportColours.of(dev.berth.engine.Outcome.valueOf(outcome));
        assertThat(pixels(image, colour)).as("the outcome badge in " + colour).isGreaterThan(2500);
        assertThat(pixels(image, TimelineSvg.Series.OLD_RUNNING.colour)).as("the chart on the page").isGreaterThan(500);

        // Jenkins serves archived files under a policy without inline styles: the outcome and the chart still show
        Path underJenkinsPolicy = dir.resolve(name + "-jenkins.html");
        Files.writeString(underJenkinsPolicy, Files.readString(page).replace("<head>",
                "<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self'; style-src 'self';\">"));
        Path strictPng = dir.resolve(name + "-jenkins.png");
        assertThat(chromium.screenshot(underJenkinsPolicy, strictPng, 1200, 1400).exitCode()).isZero();
        BufferedImage strict = ImageIO.read(strictPng.toFile());
        assertThat(pixels(strict, colour)).as("the outcome badge without styles").isGreaterThan(2500);
        assertThat(pixels(strict, TimelineSvg.Series.OLD_RUNNING.colour)).as("the chart without styles").isGreaterThan(500);
    }

    /** Pixels within a small distance of {@code hex}, so that anti-aliased edges do not count. */
    private static int pixels(BufferedImage image, String hex) {
        int want = Integer.parseInt(hex.substring(1), 16);
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xff) - ((want >> 16) & 0xff)) <= 6
                        && Math.abs(((rgb >> 8) & 0xff) - ((want >> 8) & 0xff)) <= 6
                        && Math.abs((rgb & 0xff) - (want & 0xff)) <= 6) {
                    count++;
                }
            }
        }
        return count;
    }

    private static int maxOver(String name, String attribute) throws Exception {
        Document svg = TimelineSvgTest.parse(Files.readString(reports.get(name).resolve("timeline.svg")));
        return TimelineSvgTest.elements(svg, "rect", "sample").stream().mapToInt(e -> intAttr(e, attribute)).max().orElse(-1);
    }

}
