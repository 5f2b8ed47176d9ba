package dev.berth.engine.deploy.verdict;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which task definition each service must run, from the stack's resources alone. */
class OwnedServicesTest {
    private static final String API = "arn:aws:ecs:us-east-1:123456789012:service/apps/api";
    private static final String WEB = "arn:aws:ecs:us-east-1:123456789012:service/apps/web";
    private static final String WEB2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";
    private static final String API7 = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:7";

    @Test
    void oneTaskDefinitionIsTheOneEveryServiceMustRun() {
        List<OwnedService> owned = OwnedServices.resolve(List.of(
                new StackResource("TaskDefinition", StackResource.TASK_DEFINITION, WEB2),
                new StackResource("Service", StackResource.ECS_SERVICE, WEB)), Map.of());
        assertThat(owned).singleElement().satisfies(s -> {
            assertThat(s.expectedTaskDefinition()).isEqualTo(WEB2);
            assertThat(s.cluster()).isEqualTo("apps");
            assertThat(s.name()).isEqualTo("web");
        });
    }

    @Test
    void withSeveralTheServicesFamilyPicksItsOwn() {
        List<OwnedService> owned = OwnedServices.resolve(List.of(
                new StackResource("WebTask", StackResource.TASK_DEFINITION, WEB2),
                new StackResource("ApiTask", StackResource.TASK_DEFINITION, API7),
                new StackResource("Web", StackResource.ECS_SERVICE, WEB),
                new StackResource("Api", StackResource.ECS_SERVICE, API),
                new StackResource("Nested", StackResource.NESTED_STACK, "arn:aws:cloudformation:us-east-1:1:stack/n/1")),
                Map.of(WEB, "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1", API, "api:6"));
        assertThat(owned).extracting(OwnedService::expectedTaskDefinition).containsExactly(WEB2, API7);
    }

    @Test
    void withoutATaskDefinitionResourceTheOneTheStackSetOnTheServiceCounts() {
        List<OwnedService> owned = OwnedServices.resolve(List.of(
                new StackResource("Service", StackResource.ECS_SERVICE, WEB)), Map.of(WEB, WEB2));
        assertThat(owned).singleElement().satisfies(s -> assertThat(s.expectedTaskDefinition()).isEqualTo(WEB2));
    }

    @Test
    void aServiceOfNoFamilyTheStackRegistersHasNoExpectationAndSaysWhy() {
        List<OwnedService> owned = OwnedServices.resolve(List.of(
                new StackResource("WebTask", StackResource.TASK_DEFINITION, WEB2),
                new StackResource("ApiTask", StackResource.TASK_DEFINITION, API7),
                new StackResource("Other", StackResource.ECS_SERVICE, WEB)), Map.of(WEB, "worker:3"));
        assertThat(owned).singleElement().satisfies(s -> {
            assertThat(s.expectedTaskDefinition()).isNull();
            assertThat(s.expectedFrom()).contains("none of the stack's task definitions is of the service's family");
        });
    }

    @Test
    void aServiceNotYetCreatedIsNotOwnedYet() {
        assertThat(OwnedServices.resolve(List.of(new StackResource("Service", StackResource.ECS_SERVICE, "")), Map.of()))
                .isEmpty();
    }
}
