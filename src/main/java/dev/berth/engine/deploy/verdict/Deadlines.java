package dev.berth.engine.deploy.verdict;

import java.time.Duration;
import java.time.Instant;

/**
 * berth's own deadlines for one update: the rollout must end by {@code rollout} (start +
 * --timeout); after cancelling, berth follows the rollback until {@code hard} (+ --rollback-grace)
 * and then answers, whatever AWS does.
 */
public record Deadlines(Instant rollout, Instant hard) {
    /** The shortest and longest a single AWS call may be given. */
    static final Duration MIN_CALL = Duration.ofSeconds(1);
    static final Duration MAX_CALL = Duration.ofSeconds(30);

    public Deadlines {
        if (hard.isBefore(rollout)) {
            throw new IllegalArgumentException("the hard deadline " + hard + " is before the rollout deadline " + rollout);
        }
    }

    public static Deadlines of(Instant start, Duration timeout, Duration rollbackGrace) {
        Instant rollout = start.plus(timeout);
        return new Deadlines(rollout, rollout.plus(rollbackGrace));
    }

    public enum Phase { ROLLOUT, GRACE, OVER }

    public Phase phase(Instant now) {
        return now.isBefore(rollout) ? Phase.ROLLOUT : now.isBefore(hard) ? Phase.GRACE : Phase.OVER;
    }

    /** How long one AWS call made at {@code now} may take: to the hard deadline, at least 1 s, at most 30 s. */
    public Duration callBudget(Instant now) {
        Duration left = Duration.between(now, hard);
        return left.compareTo(MIN_CALL) < 0 ? MIN_CALL : left.compareTo(MAX_CALL) > 0 ? MAX_CALL : left;
    }
}
