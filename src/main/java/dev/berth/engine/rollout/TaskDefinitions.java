package dev.berth.engine.rollout;

/** Task definitions are named by ARN, by {@code family:revision} or by family; this compares them. */
public final class TaskDefinitions {
    private TaskDefinitions() {
    }

    /** {@code web:3} from {@code arn:aws:ecs:...:task-definition/web:3}. */
    public static String shortName(String taskDefinition) {
        if (taskDefinition == null) {
            return null;
        }
        int slash = taskDefinition.indexOf("task-definition/");
        return slash >= 0 ? taskDefinition.substring(slash + "task-definition/".length()) : taskDefinition;
    }

    /** Whether an observed task definition ARN is the one asked for (by ARN or by family:revision). */
    public static boolean matches(String observedArn, String wanted) {
        if (observedArn == null || wanted == null) {
            return false;
        }
        return wanted.startsWith("arn:") ? observedArn.equals(wanted) : shortName(observedArn).equals(wanted);
    }
}
