package dev.berth.placement;

import java.util.Set;

/** spread (field: instanceId, host or attribute:NAME), binpack (cpu or memory) or random, as ECS names them. */
public record PlacementStrategy(String type, String field) {
    private static final Set<String> TYPES = Set.of("spread", "binpack", "random");

    public PlacementStrategy {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("placement strategy type must be spread, binpack or random, got " + type);
        }
        if ("binpack".equals(type) && !"cpu".equals(field) && !"memory".equals(field)) {
            throw new IllegalArgumentException("binpack field must be cpu or memory, got " + field);
        }
        if ("spread".equals(type) && (field == null || field.isBlank())) {
            throw new IllegalArgumentException("spread needs a field such as instanceId or attribute:ecs.availability-zone");
        }
    }

    /** ECS's default for a service on EC2: spread across availability zones, then across instances. */
    public static java.util.List<PlacementStrategy> defaults() {
        return java.util.List.of(new PlacementStrategy("spread", "attribute:" + Host.AVAILABILITY_ZONE),
                new PlacementStrategy("spread", "instanceId"));
    }
}
