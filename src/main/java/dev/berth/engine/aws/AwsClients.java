package dev.berth.engine.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import javax.net.ssl.TrustManager;
import java.time.Duration;

/**
 * Builds the SDK clients berth uses: the JDK's HTTP client (fast to start; its CA certificates read
 * on the first TLS handshake, not before), and a retry strategy
 * that rides out throttling and 5xx answers with jittered exponential backoff, capped low so a
 * retried poll does not delay the verdict by much.
 */
public final class AwsClients implements AutoCloseable {
    private final AwsSettings settings;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;

    public AwsClients(AwsSettings settings) {
        this(settings, settings.profile().<AwsCredentialsProvider>map(ProfileCredentialsProvider::create)
                .orElseGet(() -> DefaultCredentialsProvider.builder().build()));
    }

    public AwsClients(AwsSettings settings, AwsCredentialsProvider credentials) {
        this.settings = settings;
        this.http = httpClient();
        this.credentials = settings.roleArn().isPresent() ? assumeRole(credentials, settings.roleArn().get()) : credentials;
    }

    /** The HTTP client every SDK client shares; it reads the CA certificates on its first TLS handshake. */
    static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .tlsTrustManagersProvider(() -> new TrustManager[] {new LazyTrustManager()})
                .build();
    }

    /** Credentials of the role, assumed with the given ones and refreshed before they expire. */
    private AwsCredentialsProvider assumeRole(AwsCredentialsProvider base, String roleArn) {
        StsClient sts;
        try {
            StsClientBuilder builder = StsClient.builder().credentialsProvider(base);
            settings.region().ifPresent(r -> builder.region(Region.of(r)));
            settings.endpointFor("STS").ifPresent(builder::endpointOverride);
            sts = builder.httpClient(http).overrideConfiguration(c -> c.retryStrategy(retryStrategy())).build();
        } catch (SdkClientException e) {
            throw AwsErrors.wrap("cannot call STS to assume role " + roleArn, e);
        }
        return StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName("berth").durationSeconds(3600))
                .build();
    }

    public EcsClient ecs() {
        try {
            return configure(EcsClient.builder(), "ECS").build();
        } catch (SdkClientException e) {
            throw AwsErrors.wrap("cannot call ECS", e);
        }
    }

    public CloudFormationClient cloudFormation() {
        try {
            return configure(CloudFormationClient.builder(), "CLOUDFORMATION").build();
        } catch (SdkClientException e) {
            throw AwsErrors.wrap("cannot call CloudFormation", e);
        }
    }

    public CloudWatchClient cloudWatch() {
        try {
            return configure(CloudWatchClient.builder(), "CLOUDWATCH").build();
        } catch (SdkClientException e) {
            throw AwsErrors.wrap("cannot call CloudWatch", e);
        }
    }

    /** A CloudWatch client for berth's alarm reads, built only when one is made. */
    public CloudWatchClient lazyCloudWatch() {
        return new LazyCloudWatchClient(this::cloudWatch);
    }

    public AutoScalingClient autoScaling() {
        try {
            return configure(AutoScalingClient.builder(), "AUTO_SCALING").build();
        } catch (SdkClientException e) {
            throw AwsErrors.wrap("cannot call Auto Scaling", e);
        }
    }

    public EcrClient ecr() {
        try {
            return configure(EcrClient.builder(), "ECR").build();
        } catch (SdkClientException e) {
            throw AwsErrors.wrap("cannot call ECR", e);
        }
    }

    public StsClient sts() {
        try {
            return configure(StsClient.builder(), "STS").build();
        } catch (SdkClientException e) {
            throw AwsErrors.wrap("cannot call STS", e);
        }
    }

    public static RetryStrategy retryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                // an answer cut off mid-way arrives as a response the SDK cannot parse; every call berth
                // makes is a read, carries a client token, or is refused when repeated (CreateRepository),
                // so asking again never acts twice
                .retryOnException(AwsClients::truncatedAnswer)
                .maxAttempts(8)
                .circuitBreakerEnabled(false)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(4)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(200), Duration.ofSeconds(4)))
                .build();
    }

    static boolean truncatedAnswer(Throwable failure) {
        return failure instanceof SdkClientException && String.valueOf(failure.getMessage()).startsWith("Unable to unmarshall response");
    }

    private <B extends AwsClientBuilder<B, C>, C> B configure(B builder, String service) {
        builder.credentialsProvider(credentials);
        settings.region().ifPresent(r -> builder.region(Region.of(r)));
        settings.endpointFor(service).ifPresent(builder::endpointOverride);
        builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy())
                .apiCallAttemptTimeout(Duration.ofSeconds(30))
                .build());
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        return builder;
    }

    @Override
    public void close() {
        http.close();
    }
}
