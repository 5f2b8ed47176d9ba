package dev.berth.report;

import dev.berth.engine.Outcome;
import dev.berth.engine.Timing;
import dev.berth.engine.rollout.DeploymentView;
import dev.berth.engine.rollout.RolloutEvidence;
import dev.berth.engine.rollout.ServiceEventView;
import dev.berth.engine.rollout.ServiceResult;
import dev.berth.engine.rollout.TimelineSample;
import dev.berth.engine.stack.StackEventView;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The chart drawn from a known timeline: what is drawn at every poll is what the poll saw. */
class TimelineSvgTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final String OLD = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";
    private static final String NEW = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";

    private static DeploymentView deployment(String id, String status, String td, int desired, int pending, int running,
                                             int failed, String state) {
        return new DeploymentView(id, status, td, desired, pending, running, failed, state, state == null ? null
                : "reason for " + state, T0);
    }

    private static TimelineSample sample(double t, DeploymentView... deployments) {
        return new TimelineSample(T0.plusMillis((long) (t * 1000)), t, "web", 4, 4, 8, List.of(deployments));
    }

    /** A rollout of 4 tasks: new tasks pending then running, old ones draining; a breaker trip on a second deployment. */
    static Report crashingReport() {
        List<TimelineSample> timeline = List.of(
                sample(0.5, deployment("d2", "PRIMARY", NEW, 4, 4, 0, 0, "IN_PROGRESS"), deployment("d1", "ACTIVE", OLD, 4, 0, 4, 0, "COMPLETED")),
                sample(2.0, deployment("d2", "PRIMARY", NEW, 4, 2, 2, 1, "IN_PROGRESS"), deployment("d1", "ACTIVE", OLD, 4, 0, 4, 0, "COMPLETED")),
                sample(3.5, deployment("d2", "PRIMARY", NEW, 4, 0, 1, 3, "FAILED"), deployment("d1", "ACTIVE", OLD, 4, 1, 4, 0, "COMPLETED")),
                sample(6.0, deployment("d1", "PRIMARY", OLD, 4, 0, 4, 0, "COMPLETED")));
        ServiceResult service = new ServiceResult("web", Outcome.ROLLED_BACK, "circuit breaker <tripped> & rolled back",
                new ServiceResult.Rollout(NEW, OLD, "d2", "COMPLETED"), new ServiceResult.Bounds(4, 4, 8),
                ServiceResult.Evidence.NONE);
        List<StackEventView> events = List.of(new StackEventView("app", "e1", T0, "Service", "arn:svc", "AWS::ECS::Service",
                "UPDATE_FAILED", "Error \"quoted\" <b>", null, null, T0.plusSeconds(4)));
        return new Report("deploy", Outcome.ROLLED_BACK, "rolled back", new Report.Change("app", "1.0", "1.1-crash", "sha256:abc"),
                new Report.People("rita", null, null), new Report.StackEnd("UPDATE_ROLLBACK_COMPLETE", null, events),
                new Timing(T0, T0.plusSeconds(7)), new RolloutEvidence(List.of(service), timeline, Map.of()));
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> elements(Document doc, String tag, String cssClass) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagNameNS("*", tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cssClass)) {
                found.add(e);
            }
        }
        return found;
    }

    @Test
    void everyPollIsAColumnWithTheCountsItSaw() throws Exception {
        Document doc = parse(TimelineSvg.render(crashingReport()));
        List<Element> samples = elements(doc, "rect", "sample");
        assertThat(samples).hasSize(4);
        int[][] expected = { // old running, old pending, new running, new pending
                {4, 0, 0, 4}, {4, 0, 2, 2}, {4, 1, 1, 0}, {4, 0, 0, 0}};
        for (int i = 0; i < samples.size(); i++) {
            Element s = samples.get(i);
            assertThat(new int[]{intAttr(s, "data-old-running"), intAttr(s, "data-old-pending"),
                    intAttr(s, "data-new-running"), intAttr(s, "data-new-pending")}).as("sample %d", i).containsExactly(expected[i]);
            assertThat(intAttr(s, "data-lower")).isEqualTo(4);
            assertThat(intAttr(s, "data-upper")).isEqualTo(8);
        }
    }

    @Test
    void theStackedAreasRiseToTheCumulativeCountAtEveryPoll() throws Exception {
        Document doc = parse(TimelineSvg.render(crashingReport()));
        Element chart = elements(doc, "g", "chart").get(0);
        double y0 = Double.parseDouble(chart.getAttribute("data-y0"));
        double scale = Double.parseDouble(chart.getAttribute("data-y-scale"));
        List<Element> samples = elements(doc, "rect", "sample");
        String[] order = {"old-running", "new-running", "new-pending", "old-pending"};
        String[] attributes = {"data-old-running", "data-new-running", "data-new-pending", "data-old-pending"};
        int[] cumulative = new int[samples.size()];
        for (int layer = 0; layer < order.length; layer++) {
            List<double[]> points = points(elements(doc, "polygon", order[layer]).get(0).getAttribute("points"));
            for (int i = 0; i < samples.size(); i++) {
                cumulative[i] += intAttr(samples.get(i), attributes[layer]);
                double[] top = points.get(2 * i);
                assertThat(top[0]).as("x of poll %d", i).isCloseTo(Double.parseDouble(samples.get(i).getAttribute("x")), within(0.01));
                assertThat(top[1]).as("%s top at poll %d", order[layer], i).isCloseTo(y0 - cumulative[i] * scale, within(0.01));
            }
        }
    }

    @Test
    void marksTheCircuitBreakerTheStackEventsAndTheVerdictAndEscapesTheirText() throws Exception {
        String svg = TimelineSvg.render(crashingReport());
        Document doc = parse(svg);
        assertThat(elements(doc, "g", "circuit-breaker")).hasSize(1);
        assertThat(elements(doc, "path", "stack-event")).hasSize(1);
        assertThat(elements(doc, "g", "verdict")).singleElement()
                .satisfies(v -> assertThat(v.getAttribute("data-outcome")).isEqualTo("ROLLED_BACK"));
        assertThat(elements(doc, "path", "lower")).hasSize(1);
        assertThat(elements(doc, "path", "upper")).hasSize(1);
        assertThat(svg).contains("app/web: 1.0 → 1.1-crash ROLLED_BACK in 7 s")
                .contains("circuit breaker &lt;tripped&gt; &amp; rolled back")
                .contains("Error &quot;quoted&quot; &lt;b&gt;");
    }

    @Test
    void marksEachDeploymentAlarmChangeOfStateButNotItsFirstReading() throws Exception {
        Report plain = crashingReport();
        Report report = new Report(plain.command(), plain.outcome(), plain.reason(), plain.change(), plain.people(),
                plain.stack(), plain.timing(), plain.evidence().withAlarmChanges(List.of(
                        new dev.berth.engine.rollout.AlarmChange(T0.plusSeconds(1), "web-5xx", null, "OK", "fine"),
                        new dev.berth.engine.rollout.AlarmChange(T0.plusSeconds(3), "web-5xx", "OK", "ALARM",
                                "Threshold Crossed: 1 datapoint [20.0] <&>"),
                        new dev.berth.engine.rollout.AlarmChange(T0.plusSeconds(6), "web-5xx", "ALARM", "OK", "back"))));
        Document doc = parse(TimelineSvg.render(report));
        List<Element> alarms = elements(doc, "g", "alarm");
        assertThat(alarms).hasSize(2);
        assertThat(alarms.get(0).getTextContent()).isEqualTo("alarm web-5xx OK -> ALARM: Threshold Crossed: 1 datapoint [20.0] <&>");
        assertThat(alarms.get(1).getTextContent()).isEqualTo("alarm web-5xx ALARM -> OK: back");
        assertThat(elements(doc, "g", "alarm").get(0).getElementsByTagNameNS("*", "line").item(0).getAttributes()
                .getNamedItem("stroke").getNodeValue()).isEqualTo("#c62828");
        assertThat(elements(parse(TimelineSvg.render(plain)), "g", "alarm")).isEmpty();
    }

    /** A rollout of 4 at 200/100 that stalls for room at ECS's 1 s and resumes at 4 s, or never; events as ECS words them. */
    private static Report stalledReport(boolean resumes) {
        List<ServiceEventView> events = new ArrayList<>(List.of(
                new ServiceEventView("e1", T0.plusSeconds(1), "(service web) was unable to place a task because no container "
                        + "instance met all of its requirements. The closest matching (container-instance 5f2e) is already using a "
                        + "port required by your task. <&>"),
                new ServiceEventView("e2", T0.plusSeconds(2), "(service web) was unable to place a task because no container "
                        + "instance met all of its requirements.")));
        if (resumes) {
            events.add(new ServiceEventView("e3", T0.plusSeconds(5), "(service web) has started 1 tasks: (task 9a)."));
            events.add(0, new ServiceEventView("e4", T0.plusSeconds(4), "(service web) has started 1 tasks: (task 8b)."));
        }
        return stalledReport(events, resumes);
    }

    private static Report stalledReport(List<ServiceEventView> events, boolean resumes) {
        List<TimelineSample> timeline = List.of(
                sample(0.5, deployment("d2", "PRIMARY", NEW, 4, 0, 0, 0, "IN_PROGRESS"), deployment("d1", "ACTIVE", OLD, 4, 0, 4, 0, "COMPLETED")),
                sample(6.0, deployment("d2", "PRIMARY", NEW, 4, 0, resumes ? 4 : 0, 0, resumes ? "COMPLETED" : "IN_PROGRESS"),
                        deployment("d1", "ACTIVE", OLD, 4, 0, resumes ? 0 : 4, 0, "COMPLETED")));
        Outcome outcome = resumes ? Outcome.SUCCEEDED : Outcome.TIMED_OUT;
        ServiceResult service = new ServiceResult("web", outcome, "stall", new ServiceResult.Rollout(NEW, NEW, "d2", "COMPLETED"),
                new ServiceResult.Bounds(4, 4, 8), new ServiceResult.Evidence(List.of(), events, List.of()));
        return new Report("wait", outcome, "stall", new Report.Change("cluster", "web:1", "web:2", null),
                new Report.People("rita", null, null), Report.StackEnd.NONE, new Timing(T0, T0.plusSeconds(8)),
                new RolloutEvidence(List.of(service), timeline, Map.of()));
    }

    @Test
    void marksTheStallForRoomFromTheFirstPlacementFailureToTheFirstTaskStartedAfterIt() throws Exception {
        String svg = TimelineSvg.render(stalledReport(true));
        Document doc = parse(svg);
        Element chart = elements(doc, "g", "chart").get(0);
        double x0 = Double.parseDouble(chart.getAttribute("data-x0"));
        double scale = Double.parseDouble(chart.getAttribute("data-x-scale"));
        Element stall = elements(doc, "g", "stall").get(0);
        assertThat(elements(doc, "g", "stall")).hasSize(1);
        assertThat(stall.getAttribute("data-from")).isEqualTo("2026-11-26T10:00:01Z");
        assertThat(stall.getAttribute("data-until")).isEqualTo("2026-11-26T10:00:04Z");
        assertThat(stall.getAttribute("data-resumed")).isEqualTo("true");
        Element band = (Element) stall.getElementsByTagNameNS("*", "rect").item(0);
        assertThat(Double.parseDouble(band.getAttribute("x"))).isCloseTo(x0 + 1 * scale, within(0.01));
        assertThat(Double.parseDouble(band.getAttribute("width"))).isCloseTo(3 * scale, within(0.02));
        assertThat(stall.getTextContent()).contains("stalled for room from 2026-11-26T10:00:01Z until 2026-11-26T10:00:04Z")
                .contains("is already using a port required by your task. <&>");
        assertThat(svg).contains(">stalled for room</text>");
        assertThat(ReportHtml.render(stalledReport(true), svg)).contains("class=\"stall\"").contains("&lt;&amp;&gt;");
    }

    @Test
    void placesTheStallWhereBerthSawItsEventsWhenECSsClockRunsAhead() throws Exception {
        // as against a simulator at speed: ECS's times run minutes past the 8 s berth watched
        Instant ecs = T0.plusSeconds(600);
        List<ServiceEventView> events = List.of(
                new ServiceEventView("e1", ecs.plusSeconds(30), "(service web) was unable to place a task because no container "
                        + "instance met all of its requirements.", T0.plusMillis(1_500)),
                new ServiceEventView("e2", ecs, "(service web) has started 1 tasks: (task 7c).", T0.plusMillis(500)),
                new ServiceEventView("e3", ecs.plusSeconds(150), "(service web) has started 1 tasks: (task 9a).", T0.plusSeconds(5)),
                new ServiceEventView("e4", ecs.plusSeconds(120), "(service web) has started 1 tasks: (task 8b).", T0.plusSeconds(4)));
        Document doc = parse(TimelineSvg.render(stalledReport(events, true)));
        Element chart = elements(doc, "g", "chart").get(0);
        double x0 = Double.parseDouble(chart.getAttribute("data-x0"));
        double scale = Double.parseDouble(chart.getAttribute("data-x-scale"));
        Element stall = elements(doc, "g", "stall").get(0);
        assertThat(stall.getAttribute("data-from")).isEqualTo("2026-11-26T10:00:01.500Z");
        assertThat(stall.getAttribute("data-until")).isEqualTo("2026-11-26T10:00:04Z");
        Element band = (Element) stall.getElementsByTagNameNS("*", "rect").item(0);
        assertThat(Double.parseDouble(band.getAttribute("x"))).isCloseTo(x0 + 1.5 * scale, within(0.01));
        assertThat(Double.parseDouble(band.getAttribute("width"))).isCloseTo(2.5 * scale, within(0.02));

        // without berth's times the band falls back to ECS's, which lie past the end: pinned at the edge
        List<ServiceEventView> ecsOnly = events.stream().map(e -> new ServiceEventView(e.id(), e.createdAt(), e.message())).toList();
        Element edge = (Element) elements(parse(TimelineSvg.render(stalledReport(ecsOnly, true))), "g", "stall").get(0)
                .getElementsByTagNameNS("*", "rect").item(0);
        assertThat(Double.parseDouble(edge.getAttribute("x"))).isCloseTo(x0 + 8 * scale, within(0.01));
    }

    @Test
    void aStallThatNeverResumedRunsToTheEnd() throws Exception {
        Document doc = parse(TimelineSvg.render(stalledReport(false)));
        Element chart = elements(doc, "g", "chart").get(0);
        double x0 = Double.parseDouble(chart.getAttribute("data-x0"));
        double scale = Double.parseDouble(chart.getAttribute("data-x-scale"));
        Element stall = elements(doc, "g", "stall").get(0);
        assertThat(stall.getAttribute("data-resumed")).isEqualTo("false");
        assertThat(stall.getAttribute("data-until")).isEmpty();
        Element band = (Element) stall.getElementsByTagNameNS("*", "rect").item(0);
        assertThat(Double.parseDouble(band.getAttribute("x")) + Double.parseDouble(band.getAttribute("width")))
                .isCloseTo(x0 + 8 * scale, within(0.02));
        assertThat(stall.getTextContent()).contains("to the end");
    }

    @Test
    void noPlacementFailureNoStall() throws Exception {
        assertThat(elements(parse(TimelineSvg.render(crashingReport())), "g", "stall")).isEmpty();
    }

    @Test
    void aDeployWithoutARolloutStillDrawsAPage() throws Exception {
        Report unchanged = new Report("deploy", Outcome.UNCHANGED, "nothing to change", new Report.Change("app", "1", "1", null),
                new Report.People("rita", null, null), new Report.StackEnd("UPDATE_COMPLETE", null, List.of()),
                new Timing(T0, T0.plusSeconds(1)), RolloutEvidence.NONE);
        String svg = TimelineSvg.render(unchanged);
        parse(svg);
        assertThat(svg).contains("no service rollout was followed");
        assertThat(ReportHtml.render(unchanged, svg)).contains(">UNCHANGED<").contains("No service rollout was followed");
    }

    static int intAttr(Element e, String name) {
        return Integer.parseInt(e.getAttribute(name));
    }

    private static List<double[]> points(String text) {
        List<double[]> points = new ArrayList<>();
        for (String pair : text.trim().split("\\s+")) {
            String[] xy = pair.split(",");
            points.add(new double[]{Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
        }
        return points;
    }
}
