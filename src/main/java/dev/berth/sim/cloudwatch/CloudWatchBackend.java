package dev.berth.sim.cloudwatch;

import dev.berth.sim.SimWorld;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * CloudWatch in the simulator: metric alarms per region and the metrics they watch. Every
 * {@link #SAMPLE_INTERVAL} of simulated time the metric sources are sampled into the store and
 * every alarm is evaluated over its last complete periods, so alarms change state by themselves.
 */
public final class CloudWatchBackend {
    public static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(10);

    /** What the rest of the simulator sees of an alarm. */
    public record AlarmView(String name, String state, String reason, Instant stateUpdatedAt, int periodSeconds,
                            int evaluationPeriods) {
    }

    private final SimWorld world;
    private final String accountId;
    private final MetricStore store = new MetricStore();
    private final List<MetricSource> sources = new CopyOnWriteArrayList<>();
    private final AlarmActions actions = new AlarmActions();
    private final Map<String, Map<String, SimAlarm>> regions = new ConcurrentHashMap<>();
    private Instant nextSample;

    public CloudWatchBackend(SimWorld world, String accountId) {
        this.world = world;
        this.accountId = accountId;
        this.nextSample = align(world.now()).plus(SAMPLE_INTERVAL);
        world.at(nextSample, this::tick);
    }

    /** Adds a publisher of metrics; it is sampled from the next tick on. */
    public void addSource(MetricSource source) {
        sources.add(source);
    }

    /** Where alarm actions go: targets such as Auto Scaling policies are added here. */
    public AlarmActions actions() {
        return actions;
    }

    /** The alarm's state as CloudWatch holds it now, if it exists. */
    public synchronized Optional<AlarmView> alarm(String region, String name) {
        SimAlarm alarm = alarms(region).get(name);
        return alarm == null ? Optional.empty() : Optional.of(new AlarmView(alarm.name, alarm.state, alarm.stateReason,
                alarm.stateUpdatedAt, alarm.period, alarm.evaluationPeriods));
    }

    synchronized Map<String, SimAlarm> alarms(String region) {
        return regions.computeIfAbsent(region, r -> new TreeMap<>());
    }

    synchronized SimAlarm createOrReplace(String region, String name, Consumer<SimAlarm> configure) {
        Instant now = world.now();
        SimAlarm existing = alarms(region).get(name);
        SimAlarm alarm = existing != null ? existing
                : new SimAlarm(name, "arn:aws:cloudwatch:" + region + ":" + accountId + ":alarm:" + name);
        configure.accept(alarm);
        alarm.configurationUpdatedAt = now;
        if (existing == null) {
            alarm.stateUpdatedAt = now;
            alarm.stateTransitionedAt = now;
            alarms(region).put(name, alarm);
            alarm.history.add(0, new SimAlarm.HistoryItem(now, "ConfigurationUpdate", "Alarm \"" + name + "\" created", "{}"));
        } else {
            alarm.history.add(0, new SimAlarm.HistoryItem(now, "ConfigurationUpdate", "Alarm \"" + name + "\" updated", "{}"));
        }
        return alarm;
    }

    synchronized void delete(String region, List<String> names) {
        names.forEach(alarms(region)::remove);
    }

    /** Sets the state until the next evaluation, as SetAlarmState does. */
    synchronized void setState(SimAlarm alarm, String state, String reason, String reasonData) {
        boolean changed = !alarm.state.equals(state);
        transition(alarm, state, reason, reasonData, world.now());
        actions.evaluated(alarm, changed, null, world.now());
    }

    void putDatapoint(MetricSource.MetricKey key, Instant at, double value, String unit) {
        store.put(key, at, value, unit);
    }

    Double statistic(MetricSource.MetricKey key, String statistic, Instant start, Instant end) {
        return store.statistic(key, statistic, start, end);
    }

    Instant now() {
        return world.now();
    }

    private void tick() {
        Instant now = world.now();
        for (MetricSource source : sources) {
            for (MetricSource.Sample sample : source.sample(now)) {
                store.put(sample.key(), now, sample.value(), sample.unit());
            }
        }
        evaluateAll(now);
        nextSample = nextSample.plus(SAMPLE_INTERVAL);
        world.at(nextSample, this::tick);
    }

    private synchronized void evaluateAll(Instant now) {
        regions.forEach((region, alarms) -> alarms.values().forEach(alarm -> evaluate(region, alarm, now)));
    }

    /** Judges the alarm over its last complete periods, aligned to the period as CloudWatch aligns them. */
    private void evaluate(String region, SimAlarm alarm, Instant now) {
        long period = alarm.period;
        long end = Math.floorDiv(now.getEpochSecond(), period) * period;
        List<Double> datapoints = new ArrayList<>();
        for (int i = alarm.evaluationPeriods; i >= 1; i--) {
            long stop = end - (i - 1) * period;
            Instant from = Instant.ofEpochSecond(stop - period);
            Instant to = Instant.ofEpochSecond(stop);
            datapoints.add(alarm.metrics.isEmpty() ? store.statistic(alarm.metric(region), alarm.statistic, from, to)
                    : MetricMath.value(alarm.metrics, q -> store.statistic(new MetricSource.MetricKey(region, q.namespace(),
                    q.metricName(), q.dimensions()), q.stat(), from, to)));
        }
        AlarmRule.Verdict verdict = AlarmRule.evaluate(alarm.spec(), datapoints, alarm.state);
        boolean changed = !verdict.state().equals(alarm.state);
        if (changed) {
            String data = "{\"version\":\"1.0\",\"queryDate\":\"" + now + "\",\"period\":" + period
                    + ",\"threshold\":" + alarm.threshold + "}";
            transition(alarm, verdict.state(), verdict.reason(), data, now);
        }
        Double latest = datapoints.stream().filter(java.util.Objects::nonNull).reduce((a, b) -> b).orElse(null);
        actions.evaluated(alarm, changed, latest, now);
    }

    private void transition(SimAlarm alarm, String state, String reason, String reasonData, Instant at) {
        String old = alarm.state;
        String oldReason = alarm.stateReason;
        alarm.state = state;
        alarm.stateReason = reason;
        alarm.stateReasonData = reasonData;
        alarm.stateUpdatedAt = at;
        if (!old.equals(state)) {
            alarm.stateTransitionedAt = at;
        }
        String data = "{\"version\":\"1.0\",\"oldState\":{\"stateValue\":\"" + old + "\",\"stateReason\":" + quote(oldReason)
                + "},\"newState\":{\"stateValue\":\"" + state + "\",\"stateReason\":" + quote(reason) + "}}";
        alarm.history.add(0, new SimAlarm.HistoryItem(at, "StateUpdate", "Alarm updated from " + old + " to " + state, data));
        while (alarm.history.size() > 1000) {
            alarm.history.remove(alarm.history.size() - 1);
        }
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : String.valueOf(text).toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static Instant align(Instant at) {
        long step = SAMPLE_INTERVAL.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), step) * step);
    }
}
