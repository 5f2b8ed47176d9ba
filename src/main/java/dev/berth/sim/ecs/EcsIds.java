package dev.berth.sim.ecs;

import java.util.Random;
import java.util.UUID;

/** Identifiers in ECS's formats, drawn from the simulator's seeded random source. */
final class EcsIds {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private final Random random;

    EcsIds(Random random) {
        this.random = random;
    }

    /** A task id: 32 lowercase hex digits. */
    String taskId() {
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }

    /** A deployment id such as {@code ecs-svc/7419115625193919142}. */
    String deploymentId() {
        return "ecs-svc/" + nineteenDigits();
    }

    /** The last part of a service-revision ARN: 19 digits. */
    String serviceRevisionId() {
        return nineteenDigits();
    }

    /** The last part of a service-deployment ARN: 21 letters and digits. */
    String serviceDeploymentId() {
        StringBuilder id = new StringBuilder(21);
        for (int i = 0; i < 21; i++) {
            id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    String uuid() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private String nineteenDigits() {
        long min = 1_000_000_000_000_000_000L;
        return Long.toString(min + Math.floorMod(random.nextLong(), Long.MAX_VALUE - min));
    }
}
