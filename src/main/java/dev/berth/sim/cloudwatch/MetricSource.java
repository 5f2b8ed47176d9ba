package dev.berth.sim.cloudwatch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Something in the simulator that publishes metrics, as AWS services do: sampled on the
 * simulation's clock, each sample landing in CloudWatch as a datapoint of a metric given by its
 * region, namespace, name and dimensions.
 */
@FunctionalInterface
public interface MetricSource {
    /** The values this source reports at {@code at}, one per metric and dimension set. */
    List<Sample> sample(Instant at);

    /** One value of one metric. Dimensions are kept sorted, so a metric has one identity. */
    record Sample(String region, String namespace, String metricName, Map<String, String> dimensions, double value,
                  String unit) {
        public Sample {
            dimensions = new TreeMap<>(dimensions);
        }

        public MetricKey key() {
            return new MetricKey(region, namespace, metricName, dimensions);
        }
    }

    /** A metric's identity in CloudWatch. */
    record MetricKey(String region, String namespace, String metricName, Map<String, String> dimensions) {
        public MetricKey {
            dimensions = java.util.Collections.unmodifiableMap(new TreeMap<>(dimensions));
        }
    }
}
