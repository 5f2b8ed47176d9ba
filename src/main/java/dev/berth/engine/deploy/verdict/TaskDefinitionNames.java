package dev.berth.engine.deploy.verdict;

/** Task definitions named by ARN or by {@code family:revision}: comparing them and their families. */
public final class TaskDefinitionNames {
    private TaskDefinitionNames() {
    }

    /** {@code web:3} from {@code arn:aws:ecs:...:task-definition/web:3}. */
    public static String shortName(String taskDefinition) {
        if (taskDefinition == null) {
            return null;
        }
        int slash = taskDefinition.indexOf("task-definition/");
        return slash >= 0 ? taskDefinition.substring(slash + "task-definition/".length()) : taskDefinition;
    }

    /** {@code web} from {@code web:3} or its ARN. */
    public static String family(String taskDefinition) {
        String name = shortName(taskDefinition);
        if (name == null) {
            return null;
        }
        int colon = name.lastIndexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    /** Whether two names (ARN or family:revision, in any mix) denote the same revision. */
    public static boolean same(String a, String b) {
        return a != null && b != null && shortName(a).equals(shortName(b));
    }
}
