package dev.berth.engine.capacity;

import dev.berth.cfn.TemplateParser;
import dev.berth.engine.stack.StackTemplates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster that cannot take a rollout is waited for only when its group's scale-out alarm fires at
 * the reservation the first wave leaves and MaxSize leaves room; otherwise pre-flight refuses.
 */
class GrowthForecastTest {
    private static final String CLUSTER = StackTemplates.bundled("cluster");
    private static final Map<String, String> PARAMETERS = Map.of("MaxSize", "4", "ScaleUpThreshold", "75");

    private static Optional<ClusterGrowth> bundled(String template, Map<String, String> parameters) {
        return ClusterGrowth.of(TemplateParser.parse(template), parameters);
    }

    /** Two t3.medium instances: 4096 CPU units and 7700 MiB registered. */
    private static Reservation twoInstances(long reservedCpu, long reservedMemory, Reservation.Wave... waves) {
        return Reservation.afterFirstWave(4096, 7700, reservedCpu, reservedMemory, List.of(waves));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            fires: the first wave takes memory to 80 %          | 1024 | 2048 | 1024 | 4 | 0 | 2 | 4 | 1 | true
            does not fire: nothing of the first wave is placed  | 512  | 2048 | 1024 | 0 | 0 | 2 | 4 | 1 | false
            does not fire: 75 % exactly, the alarm wants more   | 0    | 4751 | 1024 | 1 | 0 | 2 | 4 | 1 | false
            fires already: reservation is high before the wave  | 512  | 7600 | 1900 | 0 | 0 | 2 | 4 | 1 | true
            old tasks stopping first keep it under              | 1024 | 5120 | 1024 | 1 | 2 | 2 | 4 | 1 | false
            MaxSize reached                                     | 1024 | 2048 | 1024 | 4 | 0 | 4 | 4 | 1 | false
            MaxSize leaves fewer than needed                    | 1024 | 2048 | 1024 | 4 | 0 | 3 | 4 | 2 | false
            no number of instances helps                        | 1024 | 2048 | 1024 | 4 | 0 | 2 | 4 | 0 | false
            """)
    void theBundledClusterGrowsOnlyWhenItsAlarmFiresAndMaxSizeLeavesRoom(String name, long reservedCpu, long reservedMemory,
                                                                        int taskMemory, int placed, int stopped, int instances,
                                                                        int maxSize, int toAdd, boolean grows) {
        Reservation after = twoInstances(reservedCpu, reservedMemory, new Reservation.Wave(128, taskMemory, placed, stopped));
        GrowthForecast forecast = GrowthForecast.judge(bundled(CLUSTER, Map.of("MaxSize", String.valueOf(maxSize),
                "ScaleUpThreshold", "75")), after, instances, toAdd);
        assertThat(forecast.grows()).as(forecast.why()).isEqualTo(grows);
        if (grows) {
            assertThat(forecast.why()).contains("MemoryReservation > 75");
        }
    }

    @Test
    void withoutAScaleOutPolicyTheClusterDoesNotGrow() {
        String noAlarms = CLUSTER.replace("AlarmActions: [!Ref ScaleUpPolicy]", "AlarmActions: []");
        assertThat(noAlarms).isNotEqualTo(CLUSTER);
        GrowthForecast forecast = GrowthForecast.judge(bundled(noAlarms, PARAMETERS), new Reservation(99, 99), 2, 1);
        assertThat(forecast.grows()).isFalse();
        assertThat(forecast.why()).contains("no alarm that runs a scale-out policy");
    }

    @Test
    void whenItDoesNotFireTheReasonNamesTheReservationAndTheAlarms() {
        GrowthForecast forecast = GrowthForecast.judge(bundled(CLUSTER, PARAMETERS), twoInstances(512, 1024), 2, 1);
        assertThat(forecast.grows()).isFalse();
        assertThat(forecast.why()).contains("CPU 12.5 %, memory 13.3 %")
                .contains("alarm CPUReservationHighAlarm (CPUReservation > 75)")
                .contains("alarm MemoryReservationHighAlarm (MemoryReservation > 75)")
                .contains("tasks that cannot be placed reserve nothing");
    }

    @Test
    void cpuReservationAloneCanFireTheAlarm() {
        GrowthForecast forecast = GrowthForecast.judge(bundled(CLUSTER, PARAMETERS),
                twoInstances(2048, 1024, new Reservation.Wave(512, 128, 3, 0)), 2, 1);
        assertThat(forecast.grows()).isTrue();
        assertThat(forecast.why()).contains("CPUReservation > 75").contains("CPU 87.5 %");
    }

    /** A single scale-out alarm on MAX (or MIN) of both reservations, in metric math, with its threshold as a parameter. */
    private static String metricMath(String function, String operator) {
        String cut = CLUSTER.substring(0, CLUSTER.indexOf("  CPUReservationHighAlarm:"));
        String rest = CLUSTER.substring(CLUSTER.indexOf("  ReservationLowAlarm:"));
        return cut + """
                  ReservationHighAlarm:
                    Type: AWS::CloudWatch::Alarm
                    Properties:
                      EvaluationPeriods: 1
                      ComparisonOperator: %s
                      Threshold: !Ref ScaleUpThreshold
                      AlarmActions: [!Ref ScaleUpPolicy]
                      Metrics:
                        - {Id: high, Expression: '%s([memory, cpu])', ReturnData: true}
                        - Id: cpu
                          ReturnData: false
                          MetricStat:
                            Metric: {Namespace: AWS/ECS, MetricName: CPUReservation}
                            Period: 60
                            Stat: Maximum
                        - Id: memory
                          ReturnData: false
                          MetricStat:
                            Metric: {Namespace: AWS/ECS, MetricName: MemoryReservation}
                            Period: 60
                            Stat: Maximum
                """.formatted(operator, function) + rest;
    }

    @ParameterizedTest(name = "{0}({1} %, {2} %) {3} 75: {4}")
    @CsvSource({
            "MAX, 80, 10, GreaterThanThreshold, true",
            "MAX, 10, 80, GreaterThanThreshold, true",
            "MAX, 10, 70, GreaterThanThreshold, false",
            "MAX, 75, 10, GreaterThanOrEqualToThreshold, true",
            "MIN, 80, 10, GreaterThanThreshold, false",
            "MIN, 80, 76, GreaterThanThreshold, true",
    })
    void metricMathOverBothReservations(String function, double cpu, double memory, String operator, boolean grows) {
        Optional<ClusterGrowth> growth = bundled(metricMath(function, operator), PARAMETERS);
        assertThat(growth).isPresent();
        assertThat(growth.get().alarms()).singleElement()
                .satisfies(a -> assertThat(a.measure()).isEqualTo(ScaleOutAlarm.Measure.valueOf(function)));
        GrowthForecast forecast = GrowthForecast.judge(growth, new Reservation(cpu, memory), 2, 1);
        assertThat(forecast.grows()).as(forecast.why()).isEqualTo(grows);
    }

    @Test
    void anAlarmOnAnotherMetricIsNeverForecastToFire() {
        String custom = CLUSTER.replace("MetricName: MemoryReservation\n      Dimensions", "MetricName: QueueDepth\n      Dimensions")
                .replace("Namespace: AWS/ECS\n      MetricName: CPUReservation", "Namespace: Acme/Jobs\n      MetricName: CPUReservation");
        assertThat(custom).isNotEqualTo(CLUSTER);
        ClusterGrowth growth = bundled(custom, PARAMETERS).orElseThrow();
        assertThat(growth.alarms()).hasSize(2).allSatisfy(a -> assertThat(a.measure()).isNull());
        GrowthForecast forecast = GrowthForecast.judge(Optional.of(growth), new Reservation(100, 100), 2, 1);
        assertThat(forecast.grows()).isFalse();
        assertThat(forecast.why()).contains("on a metric berth cannot forecast");
    }

    @Test
    void reservationIsBoundedByWhatTheInstancesRegistered() {
        Reservation after = twoInstances(4000, 7000, new Reservation.Wave(1024, 2048, 5, 0));
        assertThat(after.cpuPercent()).isEqualTo(100.0);
        assertThat(after.memoryPercent()).isEqualTo(100.0);
        assertThat(Reservation.afterFirstWave(0, 0, 0, 0, List.of()).memoryPercent()).isZero();
    }
}
