package dev.berth.engine;

/** The verdict of a deployment or a watch, and the exit code the command ends with. */
public enum Outcome {
    /** The new version runs: PRIMARY on the expected task definition, rollout COMPLETED. */
    SUCCEEDED(0),
    /** Nothing to do: the stack or service already runs that version. */
    UNCHANGED(0),
    /** The deployment failed and the service is back on the previous version. */
    ROLLED_BACK(4),
    /** The deployment failed and nothing restored the previous version. */
    FAILED(5),
    /** The state is not what it should be and needs a person (e.g. a rollback that failed). */
    NEEDS_ATTENTION(5),
    /** berth's own deadline passed before a verdict. */
    TIMED_OUT(6);

    private final int exitCode;

    Outcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The more serious of two outcomes, for a verdict over several services. */
    public Outcome worse(Outcome other) {
        return severity(other) > severity(this) ? other : this;
    }

    private static int severity(Outcome outcome) {
        return switch (outcome) {
            case UNCHANGED -> 0;
            case SUCCEEDED -> 1;
            case ROLLED_BACK -> 2;
            case TIMED_OUT -> 3;
            case FAILED -> 4;
            case NEEDS_ATTENTION -> 5;
        };
    }
}
