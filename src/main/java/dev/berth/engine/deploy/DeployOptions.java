package dev.berth.engine.deploy;

import dev.berth.engine.RefusedException;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What {@link Deployer#deploy} does: set {@code parameter} of {@code stack} to {@code version},
 * every other parameter unchanged, within {@code timeout}. {@code verb}, {@code who} and
 * {@code approvedBy} (null when nobody approved) are recorded with the stack's events so that the
 * history survives the build machine. At {@code timeout} berth cancels the update and follows its
 * rollback for at most {@code rollbackGrace}; then it answers, whatever AWS does.
 */
public record DeployOptions(String stack, String version, String parameter, Duration timeout, Verb verb, String who,
                            String reason, String repositoryParameter, boolean pinDigest, String approvedBy,
                            Duration rollbackGrace) {

    public enum Verb {
        DEPLOY, ROLLBACK;

        /** The command's name, as people type it and as berth records it: {@code deploy}, {@code rollback}. */
        public String command() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final String DEFAULT_PARAMETER = "Version";
    public static final String DEFAULT_REPOSITORY_PARAMETER = "Repository";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_ROLLBACK_GRACE = Duration.ofMinutes(10);

    /** A Docker tag: what a version names in a repository. */
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern STACK = Pattern.compile("[A-Za-z][-A-Za-z0-9]{0,127}|arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:\\d{12}:stack/[A-Za-z][-A-Za-z0-9]*/[-a-f0-9]+");
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z0-9]{1,255}");

    public DeployOptions {
        requireMatch("stack", stack, STACK, "a stack name (a letter, then letters, digits and hyphens) or stack ARN");
        requireMatch("version", version, VERSION, "an image tag: letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-'");
        requireMatch("parameter", parameter, PARAMETER, "a template parameter name (letters and digits)");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new RefusedException("timeout must be positive, got " + timeout);
        }
        rollbackGrace = rollbackGrace == null ? DEFAULT_ROLLBACK_GRACE : rollbackGrace;
        if (rollbackGrace.isNegative()) {
            throw new RefusedException("rollback grace must not be negative, got " + rollbackGrace);
        }
        verb = verb == null ? Verb.DEPLOY : verb;
        repositoryParameter = repositoryParameter == null ? DEFAULT_REPOSITORY_PARAMETER : repositoryParameter;
        who = who == null || who.isBlank() ? "unknown" : who;
        approvedBy = approvedBy == null || approvedBy.isBlank() ? null : approvedBy.strip();
    }

    public DeployOptions(String stack, String version) {
        this(stack, version, DEFAULT_PARAMETER, DEFAULT_TIMEOUT, Verb.DEPLOY, null, null);
    }

    public DeployOptions(String stack, String version, String parameter, Duration timeout, Verb verb, String who,
                         String reason) {
        this(stack, version, parameter, timeout, verb, who, reason, DEFAULT_REPOSITORY_PARAMETER, false, null);
    }

    public DeployOptions(String stack, String version, String parameter, Duration timeout, Verb verb, String who,
                         String reason, String repositoryParameter, boolean pinDigest, String approvedBy) {
        this(stack, version, parameter, timeout, verb, who, reason, repositoryParameter, pinDigest, approvedBy,
                DEFAULT_ROLLBACK_GRACE);
    }

    private static void requireMatch(String name, String value, Pattern pattern, String expected) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new RefusedException("invalid " + name + " '" + value + "': expected " + expected);
        }
    }

    /** Whether {@code version} is a valid image tag, for front ends that check before calling. */
    public static boolean validVersion(String version) {
        return version != null && VERSION.matcher(version).matches();
    }
}
