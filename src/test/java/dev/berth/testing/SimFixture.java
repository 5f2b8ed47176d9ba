package dev.berth.testing;

import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.aws.AwsSettings;
import dev.berth.sim.SimConfig;
import dev.berth.sim.SimServer;
import dev.berth.testing.oracle.AnswerCheck;
import dev.berth.testing.oracle.ModelOracle;
import dev.berth.testing.oracle.ServiceModels;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** A simulator on a free port of 127.0.0.1 and real SDK clients pointed at it. */
public final class SimFixture implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final SimServer server;
    private final AwsClients clients;
    private final AnswerCheck answers = new AnswerCheck();

    private SimFixture(SimConfig config) {
        try {
            server = SimServer.start(config.withPort(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clients = new AwsClients(settings(), CREDENTIALS);
        // every answer of every test's simulator is checked against AWS's models when it closes
        server.recordExchanges(answers);
    }

    public static SimFixture start(double speed) {
        return new SimFixture(SimConfig.defaults().withSpeed(speed));
    }

    public static SimFixture start(SimConfig config) {
        return new SimFixture(config);
    }

    public SimServer server() {
        return server;
    }

    public String endpoint() {
        return server.endpoint().toString();
    }

    public AwsSettings settings() {
        return new AwsSettings(Optional.of(REGION), Optional.empty(), Optional.of(server.endpoint()));
    }

    /** The simulator's variations of AWS, switched through its admin API. */
    public SimVariationsClient variations() {
        return new SimVariationsClient(endpoint());
    }

    public AwsClients clients() {
        return clients;
    }

    public EcsClient ecs() {
        return clients.ecs();
    }

    /** How many of the simulator's answers are kept to be checked against AWS's models. */
    public int answersRecorded() {
        return answers.recorded();
    }

    /** Closes the simulator; fails when any of its answers disagreed with AWS's models. */
    @Override
    public void close() {
        clients.close();
        server.close();
        java.util.Optional<ServiceModels> models = ServiceModels.ifAvailable();
        if (models.isEmpty()) {
            return;
        }
        java.util.Map<String, Integer> violations = answers.violations(new ModelOracle(models.get()));
        if (!violations.isEmpty()) {
            throw new AssertionError("the simulator's answers disagree with AWS's models:" + System.lineSeparator()
                    + violations.entrySet().stream().map(e -> e.getValue() + "× " + e.getKey())
                    .collect(java.util.stream.Collectors.joining(System.lineSeparator())));
        }
    }
}
