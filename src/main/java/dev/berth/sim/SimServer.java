package dev.berth.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpServer;
import dev.berth.sim.admin.AdminHandler;
import dev.berth.sim.autoscaling.AgentConfig;
import dev.berth.sim.autoscaling.AutoScalingBackend;
import dev.berth.sim.cloudformation.CloudFormationApi;
import dev.berth.sim.cloudformation.CloudFormationEngine;
import dev.berth.sim.ssm.ParameterStore;
import dev.berth.sim.ssm.SsmApi;
import dev.berth.sim.cloudformation.resources.ResourceProviders;
import dev.berth.sim.cloudwatch.CloudWatchApi;
import dev.berth.sim.cloudwatch.CloudWatchBackend;
import dev.berth.sim.ecr.EcrApi;
import dev.berth.sim.ecr.Registry;
import dev.berth.sim.ecr.RegistryHandler;
import dev.berth.sim.ecs.EcsApi;
import dev.berth.sim.ecs.ImageFaults;
import dev.berth.sim.elbv2.Elbv2Api;
import dev.berth.sim.elbv2.Elbv2Backend;
import dev.berth.sim.http.ApiCounters;
import dev.berth.sim.http.ApiFaults;
import dev.berth.sim.http.AwsRouter;
import dev.berth.sim.http.ConnectionLimits;
import dev.berth.sim.http.PlainHttpFront;
import dev.berth.sim.http.SessionCredentials;
import dev.berth.sim.s3.S3Api;
import dev.berth.sim.s3.S3Store;
import dev.berth.sim.sts.StsApi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The local AWS: one HTTP server on 127.0.0.1 that speaks the services' real wire protocols, so
 * that the AWS SDK and the AWS CLI are its clients, plus {@code /_sim/} for faults and counters.
 */
public final class SimServer implements AutoCloseable {
    private final SimConfig config;
    private final HttpServer http;
    private PlainHttpFront front;
    private final ExecutorService executor;
    private final SimWorld world;
    private final EcsApi ecs;
    private final Elbv2Backend elbv2;
    private final Registry registry;
    private final CloudFormationEngine cloudFormation;
    private final AutoScalingBackend autoScaling;
    private final CloudWatchBackend cloudWatch;
    private final ApiFaults apiFaults;
    private final ApiCounters counters = new ApiCounters();
    private final AwsRouter router;
    private final SimVariations variations;
    private final ConnectionLimits limits;
    private final S3Store s3;

    private SimServer(SimConfig config, ConnectionLimits limits) throws IOException {
        this.config = config;
        this.limits = limits;
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Random random = new Random(config.seed());
        this.world = new SimWorld(new SimClock(config.speed()));
        this.variations = new SimVariations(config.variations());
        this.apiFaults = new ApiFaults(config.apiFaults(), config.seed());
        ImageFaults imageFaults = new ImageFaults();
        config.imageFaults().forEach(imageFaults::set);
        this.cloudWatch = new CloudWatchBackend(world, config.accountId());
        this.elbv2 = new Elbv2Backend(world, new Random(config.seed() + 2), config.accountId(), json);
        this.registry = new Registry(world.clock(), config.accountId(), () -> "127.0.0.1:" + port());
        this.ecs = new EcsApi(world, json, random, config.timings(), imageFaults, config.accountId(), elbv2, registry);

        cloudWatch.addSource(ecs.metricSource());
        cloudWatch.addSource(elbv2.metricSource());
        ecs.watchAlarms((region, name) -> cloudWatch.alarm(region, name).map(a -> new dev.berth.sim.ecs.AlarmStates.Alarm(
                a.state(), a.stateUpdatedAt(), java.time.Duration.ofSeconds((long) a.periodSeconds() * a.evaluationPeriods()))));
        SessionCredentials sessions = new SessionCredentials(java.time.Clock.systemUTC(), config.sessionDuration());
        this.router = new AwsRouter(json, apiFaults, counters, config.accountId(), config.region(), sessions);
        router.register(ecs);
        router.register(new Elbv2Api(world, elbv2, json));
        EcrApi ecr = new EcrApi(registry, json);
        router.register(ecr);
        ParameterStore parameterStore = new ParameterStore(world.clock()::now);
        router.register(new SsmApi(parameterStore, json, config.accountId()));
        // objects stay under the port's API body limit; the store as a whole under 256 MiB
        this.s3 = new S3Store(limits.maxApiBody(), 256L * 1024 * 1024, 1000);
        // instances read their stack's metadata as cfn-init does, from the engine built just below
        java.util.concurrent.atomic.AtomicReference<CloudFormationEngine> engine = new java.util.concurrent.atomic.AtomicReference<>();
        this.autoScaling = new AutoScalingBackend(world, ecs, new Random(config.seed() + 5), new AgentConfig.StackMetadata() {
            @Override
            public java.util.Optional<com.fasterxml.jackson.databind.JsonNode> of(String region, String stack, String logicalId) {
                return engine.get().resourceMetadata(region, stack, logicalId);
            }

            @Override
            public java.util.Optional<String> physicalId(String region, String stack, String logicalId) {
                return engine.get().resourcePhysicalId(region, stack, logicalId);
            }
        });
        router.register(new dev.berth.sim.autoscaling.AutoScalingApi(world, autoScaling));
        CloudWatchApi cloudWatchApi = new CloudWatchApi(world, cloudWatch);
        ResourceProviders providers = new ResourceProviders(world, ecs, elbv2, ecr, cloudWatchApi,
                new Random(config.seed() + 3), variations, autoScaling);
        this.cloudFormation = new CloudFormationEngine(world, providers, new Random(config.seed() + 4), config.accountId(), s3,
                (region, name) -> parameterStore.lookup(region, name));
        cloudWatch.actions().addTarget(new dev.berth.sim.cloudwatch.AlarmActions.Target() {
            @Override
            public boolean handles(String arn) {
                return providers.scalingPolicies().isPolicy(arn);
            }

            @Override
            public void invoke(String arn, Double breach) {
                providers.scalingPolicies().execute(arn, breach);
            }
        });
        engine.set(cloudFormation);
        router.register(new CloudFormationApi(world, cloudFormation, json, variations));
        router.register((dev.berth.sim.http.AwsQueryService) cloudWatchApi);
        router.register((dev.berth.sim.http.AwsJsonService) cloudWatchApi);
        router.register(new StsApi(json, sessions, new Random(config.seed() + 1), config.accountId()));
        router.register(new S3Api(s3, world.clock(), config.accountId()));

        // the HTTP server listens on a private port behind the front, which owns the public one
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        // a worker per request in progress, up to one per open connection; idle workers end after 2 s
        ThreadPoolExecutor workers = new ThreadPoolExecutor(limits.maxConnections(), limits.maxConnections(),
                2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "berth-sim-http");
            thread.setDaemon(true);
            return thread;
        });
        workers.allowCoreThreadTimeOut(true);
        this.executor = workers;
        http.setExecutor(executor);
        http.createContext("/", router);
        http.createContext("/_sim/", new AdminHandler(json, this));
        http.createContext("/v2/", new RegistryHandler(registry, json));
    }

    /** Starts a simulator; it serves until closed. */
    public static SimServer start(SimConfig config) throws IOException {
        return start(config, ConnectionLimits.DEFAULT);
    }

    /** Starts a simulator whose port waits for and accepts at most what {@code limits} allow. */
    public static SimServer start(SimConfig config, ConnectionLimits limits) throws IOException {
        SimServer server = new SimServer(config, limits);
        server.http.start();
        try {
            server.front = PlainHttpFront.start(config.port(), server.http.getAddress(), limits);
        } catch (IOException e) {
            server.http.stop(0);
            server.executor.shutdownNow();
            throw e;
        }
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return front.port();
    }

    public SimConfig config() {
        return config;
    }

    public SimWorld world() {
        return world;
    }

    public EcsApi ecs() {
        return ecs;
    }

    public AutoScalingBackend autoScaling() {
        return autoScaling;
    }

    public CloudWatchBackend cloudWatch() {
        return cloudWatch;
    }

    public Elbv2Backend elbv2() {
        return elbv2;
    }

    public Registry registry() {
        return registry;
    }

    /** The simulator's S3 buckets and objects. */
    public S3Store s3() {
        return s3;
    }

    public ApiFaults apiFaults() {
        return apiFaults;
    }

    /** Hands every AWS API exchange to {@code recorder} too (null stops recording). */
    public void recordExchanges(dev.berth.sim.http.ApiExchange.Recorder recorder) {
        router.recordTo(recorder);
    }

    public SimVariations variations() {
        return variations;
    }

    public PlainHttpFront front() {
        return front;
    }

    public ApiCounters counters() {
        return counters;
    }

    @Override
    public void close() {
        front.close();
        http.stop(0);
        executor.shutdownNow();
        registry.close();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
