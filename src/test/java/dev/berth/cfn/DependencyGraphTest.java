package dev.berth.cfn;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DependencyGraphTest {
    /** Cluster <- Role; Logs; TaskDef <- Role, Logs; Service <- Cluster, TaskDef; Alarm <- Service. */
    private static Map<String, List<String>> ecsStack() {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        graph.put("Service", List.of("Cluster", "TaskDef"));
        graph.put("Role", List.of());
        graph.put("Cluster", List.of("Role"));
        graph.put("Logs", List.of());
        graph.put("TaskDef", List.of("Role", "Logs"));
        graph.put("Alarm", List.of("Service"));
        return graph;
    }

    @Test
    void resourcesAreCreatedAfterWhatTheyNeedAndTiesGoInDeclarationOrder() {
        DependencyGraph graph = DependencyGraph.of(ecsStack());

        assertThat(graph.creationOrder()).containsExactly("Role", "Cluster", "Logs", "TaskDef", "Service", "Alarm");
        assertThat(graph.deletionOrder()).containsExactly("Alarm", "Service", "TaskDef", "Logs", "Cluster", "Role");
        assertThat(graph.dependenciesOf("TaskDef")).containsExactly("Role", "Logs");
    }

    @Test
    void independentResourcesAreReadyTogether() {
        DependencyGraph graph = DependencyGraph.of(ecsStack());

        assertThat(graph.readyToCreate(Set.of())).containsExactly("Role", "Logs");
        assertThat(graph.readyToCreate(Set.of("Role"))).containsExactly("Cluster", "Logs");
        assertThat(graph.readyToCreate(Set.of("Role", "Logs"))).containsExactly("Cluster", "TaskDef");
        assertThat(graph.creationRounds()).containsExactly(
                List.of("Role", "Logs"), List.of("Cluster", "TaskDef"), List.of("Service"), List.of("Alarm"));
    }

    @Test
    void aResourceIsDeletedOnceNothingThatNeedsItRemains() {
        DependencyGraph graph = DependencyGraph.of(ecsStack());

        assertThat(graph.readyToDelete(Set.of())).containsExactly("Alarm");
        assertThat(graph.readyToDelete(Set.of("Alarm", "Service"))).containsExactly("Cluster", "TaskDef");
        assertThat(graph.readyToDelete(Set.of("Alarm", "Service", "TaskDef"))).containsExactly("Cluster", "Logs");
    }

    @Test
    void aCycleNamesEveryResourceThatCanNeverBeCreated() {
        Map<String, List<String>> graph = new LinkedHashMap<>(ecsStack());
        graph.put("Role", List.of("Alarm"));

        assertThatThrownBy(() -> DependencyGraph.of(graph))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Circular dependency between resources: [Service, Role, Cluster, TaskDef, Alarm]");
    }

    @Test
    void aDependencyOutsideTheGraphIsACallersMistake() {
        assertThatThrownBy(() -> DependencyGraph.of(Map.of("A", List.of("Ghost"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A depends on Ghost, which is not in the graph");
    }

    /** A random acyclic graph: dependencies point to resources earlier in a hidden order, declared shuffled. */
    private static Map<String, List<String>> randomGraph(int size, Random random) {
        List<String> hidden = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            hidden.add("R" + i);
        }
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        List<String> declared = new ArrayList<>(hidden);
        Collections.shuffle(declared, random);
        for (String id : declared) {
            int rank = hidden.indexOf(id);
            List<String> needs = new ArrayList<>();
            for (int j = 0; j < rank; j++) {
                if (random.nextInt(4) == 0) {
                    needs.add(hidden.get(j));
                }
            }
            dependencies.put(id, needs);
        }
        return dependencies;
    }

    @Property(tries = 300)
    void everyOrderRespectsEveryDependency(@ForAll @IntRange(min = 1, max = 30) int size, @ForAll Random random) {
        Map<String, List<String>> dependencies = randomGraph(size, random);
        DependencyGraph graph = DependencyGraph.of(dependencies);

        List<String> creation = graph.creationOrder();
        assertThat(creation).containsExactlyInAnyOrderElementsOf(dependencies.keySet());
        dependencies.forEach((id, needs) -> needs.forEach(need ->
                assertThat(creation.indexOf(need)).isLessThan(creation.indexOf(id))));
        List<String> deletion = graph.deletionOrder();
        dependencies.forEach((id, needs) -> needs.forEach(need ->
                assertThat(deletion.indexOf(id)).isLessThan(deletion.indexOf(need))));

        Set<String> created = new HashSet<>();
        for (List<String> round : graph.creationRounds()) {
            round.forEach(id -> assertThat(created).containsAll(dependencies.get(id)));
            created.addAll(round);
        }
        assertThat(created).hasSize(size);
    }

    @Property(tries = 300)
    void amongReadyResourcesTheFirstDeclaredIsCreatedFirst(@ForAll @IntRange(min = 1, max = 30) int size,
                                                            @ForAll Random random) {
        Map<String, List<String>> dependencies = randomGraph(size, random);
        List<String> declared = new ArrayList<>(dependencies.keySet());
        DependencyGraph graph = DependencyGraph.of(dependencies);

        Set<String> created = new HashSet<>();
        for (String next : graph.creationOrder()) {
            String firstReady = declared.stream()
                    .filter(id -> !created.contains(id) && created.containsAll(dependencies.get(id)))
                    .findFirst().orElseThrow();
            assertThat(next).isEqualTo(firstReady);
            created.add(next);
        }
    }
}
