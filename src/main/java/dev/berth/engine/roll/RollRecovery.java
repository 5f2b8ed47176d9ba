package dev.berth.engine.roll;

/** The commands that put the cluster back when a roll stops part-way, from where the current instance stands. */
public final class RollRecovery {
    private RollRecovery() {
    }

    /**
     * @param desired      the group's desired capacity before the roll grew it
     * @param oldArn       the old instance's container-instance ARN
     */
    public static String of(RollStep.Stage stage, String stack, String group, String cluster, int desired, String oldArn) {
        String shrink = "aws autoscaling set-desired-capacity --auto-scaling-group-name " + group + " --desired-capacity " + desired;
        String activate = "aws ecs update-container-instances-state --cluster " + cluster + " --container-instances " + oldArn
                + " --status ACTIVE";
        String check = "berth capacity --cluster " + cluster;
        return switch (stage.phase()) {
            case START, DONE -> "nothing is part-way; `" + check + "` shows the cluster, and `berth cluster roll --stack " + stack
                    + "` replaces every instance again";
            case AWAIT_NEW -> stage.surge()
                    ? "instance " + stage.old() + " still serves; the group was grown by one for its replacement: `" + shrink
                    + "` takes that back"
                    : "instance " + stage.old() + " was drained and terminated; the group launches its replacement by itself: `"
                    + check + "` shows when it has registered";
            case AWAIT_DRAINED -> "instance " + stage.old() + " is DRAINING: `" + activate + "` takes it back"
                    + (stage.surge() ? ", then `" + shrink + "` removes the spare instance" : "");
            case AWAIT_GONE -> "instance " + stage.old() + " is terminating through the group's drain hook; nothing to undo: `"
                    + check + "` shows the cluster once it has left";
        };
    }
}
