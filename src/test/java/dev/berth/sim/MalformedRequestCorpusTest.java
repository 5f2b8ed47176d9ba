package dev.berth.sim;

import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.aws.AwsSettings;
import dev.berth.sim.http.ConnectionLimits;
import dev.berth.testing.RawHttp;
import dev.berth.testing.RegistryHttp;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed, oversized, slow and half-open requests, byte by byte over raw sockets: each is
 * answered as AWS answers it (status and error code, in the protocol's own shape) or, for a client
 * that never sends a request, closed once idle; after each one a normal SDK call still succeeds.
 * Afterwards the server's threads and memory are back to where they were.
 */
class MalformedRequestCorpusTest {
    static final ConnectionLimits LIMITS = ConnectionLimits.DEFAULT
            .withTimeouts(Duration.ofMillis(1500), Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofMillis(3000));
    static final String ECS = "AmazonEC2ContainerServiceV20141113.";
    static final String ECR = "AmazonEC2ContainerRegistry_V20150921.";
    static final String CLOSED = "(closed)";

    private static SimServer server;
    private static AwsClients clients;
    private static String basic;
    private static String configDigest;

    @BeforeAll
    static void start() throws IOException {
        server = SimServer.start(SimConfig.defaults().withPort(0).withSpeed(50), LIMITS);
        clients = new AwsClients(new AwsSettings(Optional.of(SimFixture.REGION), Optional.empty(),
                Optional.of(server.endpoint())), SimFixture.CREDENTIALS);
        clients.ecr().createRepository(r -> r.repositoryName("corpus"));
        String token = clients.ecr().getAuthorizationToken(r -> { }).authorizationData().get(0).authorizationToken();
        basic = "Basic " + token;
        String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        RegistryHttp registry = new RegistryHttp(server.registry().host(), "AWS", decoded.substring(4));
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(registry.uploadMonolithic("corpus", config).statusCode()).isEqualTo(201);
        configDigest = RegistryHttp.digest(config);
    }

    @AfterAll
    static void stop() {
        clients.close();
        server.close();
    }

    record Case(String name, RawHttp script, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> corpus() {
        return MalformedCorpus.cases(() -> basic, () -> configDigest).stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachMalformedRequestIsAnsweredAsAwsWouldAndTheServerStaysUp(Case c) throws IOException {
        RawHttp.Answer answer = c.script().run(server.port(), 15_000);
        if (CLOSED.equals(c.code())) {
            assertThat(answer.status()).as("closed without an answer: %s", answer.body()).isEqualTo(-1);
        } else {
            assertThat(answer.status()).as(answer.body()).isEqualTo(c.status());
            assertThat(answer.code()).as(answer.body()).isEqualTo(c.code());
        }
        assertThat(clients.ecs().listClusters(r -> { }).sdkHttpResponse().isSuccessful()).isTrue();
    }

    @Test
    void theCorpusCoversEveryFrontAndServiceWithAtLeastSixtyCases() {
        List<Case> cases = MalformedCorpus.cases(() -> basic, () -> configDigest);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        assertThat(cases).extracting(Case::name).anyMatch(n -> n.startsWith("SSM ")).anyMatch(n -> n.startsWith("CloudFormation "))
                .anyMatch(n -> n.startsWith("ECR ")).anyMatch(n -> n.startsWith("ECS ")).anyMatch(n -> n.contains("never sends"))
                .anyMatch(n -> n.contains("stops halfway"));
    }

    @Test
    void halfOpenConnectionsDoNotStarveNormalCalls() throws Exception {
        // A server of its own that waits 30 s for a head or a body: were calls starved by the stalled connections, they
        // would wait that long; on a busy machine they are only slower.
        ConnectionLimits patient = LIMITS.withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
        try (SimServer own = SimServer.start(SimConfig.defaults().withPort(0).withSpeed(50), patient);
             AwsClients ownClients = new AwsClients(new AwsSettings(Optional.of(SimFixture.REGION), Optional.empty(),
                     Optional.of(own.endpoint())), SimFixture.CREDENTIALS);
             StalledConnections stalled = new StalledConnections()) {
            for (int i = 0; i < 64; i++) {
                stalled.open(own.port(), "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: " + ECS + "ListClusters\r\n");
            }
            for (int i = 0; i < 64; i++) { // whole heads, then bodies that never come
                stalled.open(own.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\nX-Amz-Target: " + ECS
                        + "ListClusters\r\n\r\n{");
            }
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                ownClients.ecs().listClusters(r -> { });
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }

    /** Connections that sent part of a request and then nothing more; closed before the server they hold. */
    private static final class StalledConnections implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();

        void open(int port, String start) throws IOException {
            Socket socket = new Socket("127.0.0.1", port);
            sockets.add(socket);
            socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void anAnswerCutShortByTheResetFaultEndsTheClientsConnectionAtOnce() throws IOException {
        server.apiFaults().resetNext("ListClusters");
        long start = System.nanoTime();
        RawHttp.Answer answer = RawHttp.script().send(MalformedCorpus.json(ECS + "ListClusters", "{}")).run(server.port(), 15_000);
        assertThat(answer.status()).isEqualTo(200);
        // well before the idle timeout (1.5 s) would close the connection
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1000));
        assertThat(server.counters().injected()).containsKey("reset");
    }

    @Test
    void junkOperationNamesShareOneCounter() throws IOException {
        for (int i = 0; i < 300; i++) {
            RawHttp.Answer answer = RawHttp.script().send(MalformedCorpus.json(ECS + "Junk" + i, "{}")).run(server.port(), 5000);
            assertThat(answer.code()).isEqualTo("UnknownOperationException");
        }
        var received = server.counters().received();
        assertThat(received.keySet()).noneMatch(k -> k.contains("Junk"));
        assertThat(received.get("ecs:(unknown)")).isGreaterThanOrEqualTo(300L);
        assertThat(received.size()).isLessThan(100);
    }

    @Test
    void threadsAndMemoryReturnToTheirBaselineAfterTheCorpus() throws Exception {
        clients.ecs().listClusters(r -> { });
        Thread.sleep(LIMITS.idle().toMillis() + 3000); // idle connections closed, idle workers ended
        int baselineThreads = ManagementFactory.getThreadMXBean().getThreadCount();
        long baselineHeap = usedHeap();
        for (int round = 0; round < 2; round++) {
            List<Thread> clientsInParallel = new ArrayList<>();
            for (MalformedRequestCorpusTest.Case c : MalformedCorpus.cases(() -> basic, () -> configDigest)) {
                Thread t = new Thread(() -> {
                    try {
                        c.script().run(server.port(), 15_000);
                    } catch (IOException e) {
                        // a connection refused or reset is what the server decided: the counts below judge
                    }
                });
                t.start();
                clientsInParallel.add(t);
            }
            for (Thread t : clientsInParallel) {
                t.join();
            }
        }
        clients.ecs().listClusters(r -> { });
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int threads;
        do {
            Thread.sleep(500);
            threads = ManagementFactory.getThreadMXBean().getThreadCount();
        } while (threads > baselineThreads + 1 && System.nanoTime() < deadline); // idle connections close, idle workers end
        long heapGrowth = usedHeap() - baselineHeap;
        System.out.printf("threads: baseline %d, after the corpus %d; heap growth %d KiB%n", baselineThreads, threads,
                heapGrowth / 1024);
        assertThat(threads).as("threads, baseline %d", baselineThreads).isLessThanOrEqualTo(baselineThreads + 4);
        assertThat(heapGrowth).as("heap growth in bytes").isLessThan(48L * 1024 * 1024);
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
