package dev.berth.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Faults and counters through /_sim/, observed by a real SDK client that does not retry. */
class SimAdminTest {
    private final SimFixture sim = SimFixture.start(1);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        sim.close();
    }

    private JsonNode admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.endpoint() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = json.readTree(response.body());
        if (response.statusCode() != 200) {
            return json.createObjectNode().put("status", response.statusCode()).put("error", node.path("error").asText());
        }
        return node;
    }

    private EcsClient noRetries() {
        return EcsClient.builder().endpointOverride(sim.server().endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).credentialsProvider(SimFixture.CREDENTIALS)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(DefaultRetryStrategy.doNotRetry()).build())
                .build();
    }

    @Test
    void throttlingAndServerErrorsAreInjectedAndCounted() throws Exception {
        JsonNode set = admin("POST", "/_sim/faults", "{\"api\":{\"throttleRate\":1}}");
        assertThat(set.path("api").path("throttleRate").asDouble()).isEqualTo(1.0);
        try (EcsClient ecs = noRetries()) {
            assertThatThrownBy(ecs::listClusters).isInstanceOf(EcsException.class)
                    .satisfies(e -> {
                        assertThat(((EcsException) e).awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                        assertThat(((EcsException) e).statusCode()).isEqualTo(400);
                        assertThat(((EcsException) e).isThrottlingException()).isTrue();
                    });
            admin("POST", "/_sim/faults", "{\"api\":{\"throttleRate\":0,\"serverErrorRate\":1}}");
            assertThatThrownBy(ecs::listClusters).isInstanceOf(EcsException.class)
                    .satisfies(e -> assertThat(((EcsException) e).statusCode()).isEqualTo(500));
            admin("DELETE", "/_sim/faults", null);
            assertThat(ecs.listClusters().clusterArns()).isEmpty();
        }
        JsonNode counters = admin("GET", "/_sim/counters", null);
        assertThat(counters.path("received").path("ecs:ListClusters").asInt()).isEqualTo(3);
        assertThat(counters.path("injected").path("throttle").asInt()).isEqualTo(1);
        assertThat(counters.path("injected").path("server-error").asInt()).isEqualTo(1);
        assertThat(counters.path("mutations").size()).isZero();
    }

    @Test
    void latencyIsAddedToEveryCall() throws Exception {
        admin("POST", "/_sim/faults", "{\"api\":{\"latencyMillis\":300}}");
        try (EcsClient ecs = noRetries()) {
            long start = System.nanoTime();
            ecs.listClusters();
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void imageFaultsCanBeSetAndBadFaultsAreRefusedNamingTheField() throws Exception {
        JsonNode set = admin("POST", "/_sim/faults", "{\"images\":{\"repo/web:7\":\"crash\"}}");
        assertThat(set.path("images").path("repo/web:7").asText()).isEqualTo("crash");
        assertThat(admin("POST", "/_sim/faults", "{\"images\":{\"repo/web:7\":\"explode\"}}").path("error").asText())
                .contains("unknown image behaviour 'explode'");
        assertThat(admin("POST", "/_sim/faults", "{\"api\":{\"throttle\":1}}").path("error").asText())
                .contains("unknown api fault 'throttle'");
        assertThat(admin("POST", "/_sim/faults", "{\"api\":{\"throttleRate\":2}}").path("error").asText())
                .contains("throttleRate must be between 0 and 1, got 2.0");
    }
}
