package dev.berth.cfn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order resources are created and deleted in. A resource is ready to create when everything it depends on
 * is created, and ready to delete when everything that depends on it is deleted; among ready resources the one
 * declared first goes first. Resources that can never be ready form a cycle, which CloudFormation refuses.
 */
public final class DependencyGraph {
    private final List<String> declared;
    private final Map<String, Set<String>> dependencies;
    private final Map<String, Set<String>> dependents;
    private final List<String> creationOrder;

    private DependencyGraph(List<String> declared, Map<String, Set<String>> dependencies) {
        this.declared = declared;
        this.dependencies = dependencies;
        this.dependents = new LinkedHashMap<>();
        declared.forEach(id -> dependents.put(id, new LinkedHashSet<>()));
        dependencies.forEach((id, needs) -> needs.forEach(need -> dependents.get(need).add(id)));
        this.creationOrder = order();
    }

    /**
     * A graph of the given resources, keyed in declaration order, each with the resources it depends on.
     *
     * @throws TemplateException "Circular dependency between resources: [A, B]", naming every resource that can
     *                           never be created, in declaration order
     */
    public static DependencyGraph of(Map<String, ? extends Collection<String>> dependencies) {
        List<String> declared = List.copyOf(dependencies.keySet());
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        dependencies.forEach((id, needs) -> {
            for (String need : needs) {
                if (!dependencies.containsKey(need)) {
                    throw new IllegalArgumentException(id + " depends on " + need + ", which is not in the graph");
                }
            }
            copy.put(id, Collections.unmodifiableSet(new LinkedHashSet<>(needs)));
        });
        List<String> stuck = unorderable(copy);
        if (!stuck.isEmpty()) {
            throw new TemplateException("Circular dependency between resources: " + stuck);
        }
        return new DependencyGraph(declared, copy);
    }

    /** The names that can never be ordered (in a cycle, or waiting on one), in the map's order. */
    static List<String> unorderable(Map<String, ? extends Collection<String>> dependencies) {
        Set<String> placed = new LinkedHashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Map.Entry<String, ? extends Collection<String>> entry : dependencies.entrySet()) {
                if (!placed.contains(entry.getKey()) && placed.containsAll(entry.getValue())) {
                    placed.add(entry.getKey());
                    progress = true;
                }
            }
        }
        List<String> stuck = new ArrayList<>(dependencies.keySet());
        stuck.removeAll(placed);
        return stuck;
    }

    private List<String> order() {
        List<String> order = new ArrayList<>();
        Set<String> created = new LinkedHashSet<>();
        while (order.size() < declared.size()) {
            String next = readyToCreate(created).get(0);
            order.add(next);
            created.add(next);
        }
        return Collections.unmodifiableList(order);
    }

    /** Every resource in the order they are created, one at a time. */
    public List<String> creationOrder() {
        return creationOrder;
    }

    /** Every resource in the order they are deleted: dependents before what they depend on. */
    public List<String> deletionOrder() {
        List<String> order = new ArrayList<>(creationOrder);
        Collections.reverse(order);
        return Collections.unmodifiableList(order);
    }

    /** The resources a resource waits for. */
    public Set<String> dependenciesOf(String logicalId) {
        Set<String> needs = dependencies.get(logicalId);
        if (needs == null) {
            throw new IllegalArgumentException("no resource " + logicalId + " in the graph");
        }
        return needs;
    }

    /** The resources not yet created whose dependencies all are: they can be created in parallel now. */
    public List<String> readyToCreate(Set<String> created) {
        List<String> ready = new ArrayList<>();
        for (String id : declared) {
            if (!created.contains(id) && created.containsAll(dependencies.get(id))) {
                ready.add(id);
            }
        }
        return ready;
    }

    /** The resources not yet deleted that nothing undeleted depends on: they can be deleted in parallel now. */
    public List<String> readyToDelete(Set<String> deleted) {
        List<String> ready = new ArrayList<>();
        for (String id : declared) {
            if (!deleted.contains(id) && deleted.containsAll(dependents.get(id))) {
                ready.add(id);
            }
        }
        return ready;
    }

    /** Creation in rounds: each round is every resource ready once the rounds before it are done. */
    public List<List<String>> creationRounds() {
        List<List<String>> rounds = new ArrayList<>();
        Set<String> created = new LinkedHashSet<>();
        while (created.size() < declared.size()) {
            List<String> round = readyToCreate(created);
            rounds.add(List.copyOf(round));
            created.addAll(round);
        }
        return Collections.unmodifiableList(rounds);
    }
}
