package dev.berth.testing;

import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.aws.AwsSettings;
import dev.berth.sim.SimConfig;
import dev.berth.sim.SimServer;
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

    private SimFixture(SimConfig config) {
        try {
            server = SimServer.start(config.withPort(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clients = new AwsClients(settings(), CREDENTIALS);
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

    @Override
    public void close() {
        clients.close();
        server.close();
    }
}
