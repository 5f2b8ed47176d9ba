package dev.berth.engine.aws;

import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmHistoryRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmHistoryResponse;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;

import java.util.function.Supplier;

/**
 * A CloudWatch client built on its first call: a deploy reads alarms only when its services have
 * deployment alarms or its bake time names some, and most deploys then never pay for building one.
 * It offers the reads berth makes (DescribeAlarms, DescribeAlarmHistory).
 */
public final class LazyCloudWatchClient implements CloudWatchClient {
    private final Supplier<CloudWatchClient> build;
    private CloudWatchClient client;

    public LazyCloudWatchClient(Supplier<CloudWatchClient> build) {
        this.build = build;
    }

    private synchronized CloudWatchClient client() {
        if (client == null) {
            client = build.get();
        }
        return client;
    }

    @Override
    public DescribeAlarmsResponse describeAlarms(DescribeAlarmsRequest request) {
        return client().describeAlarms(request);
    }

    @Override
    public DescribeAlarmHistoryResponse describeAlarmHistory(DescribeAlarmHistoryRequest request) {
        return client().describeAlarmHistory(request);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
