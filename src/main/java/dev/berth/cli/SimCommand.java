package dev.berth.cli;

import dev.berth.engine.RefusedException;
import dev.berth.sim.SimConfig;
import dev.berth.sim.SimServer;
import dev.berth.sim.SimVariations;
import dev.berth.sim.ecs.ImageBehaviour;
import dev.berth.sim.http.ApiFaults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code berth sim}: the local AWS, serving until interrupted. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Run a local AWS on 127.0.0.1 for rehearsals and tests: ECS over its real wire protocol. Image tags ending in -crash, -unhealthy, -slow or -nopull misbehave on purpose. Faults, variations and counters: /_sim/faults, /_sim/variations, /_sim/counters, /_sim/rollouts, /_sim/health.")
final class SimCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "4566",
            description = "port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "1",
            description = "simulated time runs this many times faster (default: ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = SimConfig.DEFAULT_REGION,
            description = "region for unsigned requests (default: ${DEFAULT-VALUE})")
    String region;

    @Option(names = "--throttle-rate", paramLabel = "RATE", defaultValue = "0",
            description = "share of API calls answered with ThrottlingException, 0 to 1")
    double throttleRate;

    @Option(names = "--error-rate", paramLabel = "RATE", defaultValue = "0",
            description = "share of API calls answered with a 5xx error, 0 to 1")
    double errorRate;

    @Option(names = "--latency", paramLabel = "DURATION", defaultValue = "0ms", converter = LatencyConverter.class,
            description = "latency added to every API call, e.g. 500ms")
    Duration latency;

    @Option(names = "--reset-rate", paramLabel = "RATE", defaultValue = "0",
            description = "share of API calls carried out whose connection is then reset mid-answer, 0 to 1")
    double resetRate;

    @Option(names = "--session-duration", paramLabel = "DURATION", defaultValue = "0s", converter = LatencyConverter.class,
            description = "cap the lifetime of AssumeRole credentials, e.g. 30s, to rehearse them expiring (default: as asked)")
    Duration sessionDuration;

    @Option(names = "--events-without-properties",
            description = "stack events carry no ResourceProperties (the API calls them optional)")
    boolean eventsWithoutProperties;

    @Option(names = "--no-user-initiated", description = "the stack's own events carry no \"User Initiated\" reason")
    boolean noUserInitiated;

    @Option(names = "--service-update-not-applied",
            description = "CloudFormation completes ECS service updates without ECS applying them")
    boolean serviceUpdateNotApplied;

    @Option(names = "--cancel-delay", paramLabel = "DURATION", defaultValue = "0s", converter = LatencyConverter.class,
            description = "CancelUpdateStack is accepted, and the rollback starts this much simulated time later, e.g. 2m")
    Duration cancelDelay;

    @Option(names = "--image-fault", paramLabel = "IMAGE=KIND",
            description = "make an image misbehave: KIND is crash, unhealthy, slow, nopull, alarm or latecrash (repeatable)")
    Map<String, String> imageFaults = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Names.matching(spec, "--region", region, java.util.regex.Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}"), 32,
                "a region name such as us-east-1");
        imageFaults.keySet().forEach(image -> Names.image(spec, "--image-fault", image));
        Map<String, ImageBehaviour> images = new LinkedHashMap<>();
        try {
            imageFaults.forEach((image, kind) -> images.put(image, ImageBehaviour.parse(kind)));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--image-fault': " + e.getMessage());
        }
        SimConfig config;
        try {
            config = SimConfig.defaults().withPort(port).withSpeed(speed).withSeed(seed)
                    .withApiFaults(new ApiFaults.Settings(throttleRate, errorRate, latency.toMillis(), resetRate))
                    .withImageFaults(images);
            config = new SimConfig(config.port(), config.speed(), config.seed(), region, config.accountId(),
                    config.apiFaults(), config.imageFaults(), config.timings(), sessionDuration,
                    new SimVariations.Settings(eventsWithoutProperties, noUserInitiated, serviceUpdateNotApplied, cancelDelay));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        SimServer server;
        try {
            server = SimServer.start(config);
        } catch (BindException e) {
            throw new RefusedException("port " + port + " on 127.0.0.1 is in use; pass --port 0 to pick a free one");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "berth-sim-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("berth sim ready at %s (region %s, speed %sx, seed %d)%n", server.endpoint(), region,
                speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed), seed);
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.printf("  point clients at it: AWS_ENDPOINT_URL=%s AWS_REGION=%s AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test%n",
                server.endpoint(), region);
        err.flush();
        stopped.await();
        return 0;
    }

    /** Latency accepts 0 as well as positive durations. */
    static final class LatencyConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return value.trim().matches("0+(ms|s)?") ? Duration.ZERO : Durations.parse(value);
        }
    }
}
