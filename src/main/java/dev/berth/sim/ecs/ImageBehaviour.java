package dev.berth.sim.ecs;

import java.util.Locale;

/**
 * How a container image behaves when a task runs it. Chosen by the tag's suffix so that anyone can
 * rehearse a bad release ({@code web:1.4.2-crash}), or set for any image through {@code /_sim/faults}.
 */
public enum ImageBehaviour {
    /** Pulls, starts and stays healthy. */
    NORMAL,
    /**
     * Starts and passes its health checks, then, a while after it takes traffic, answers with
     * errors: its target group's 5xx count and the service's CPU rise, and alarms on them fire.
     */
    ALARM,
    /** Starts, passes its health checks, and exits with code 1 five minutes after it started. */
    LATECRASH,
    /** The essential container exits with code 1 shortly after it starts. */
    CRASH,
    /** Runs, but never passes its health check. */
    UNHEALTHY,
    /** Pulls and starts ten times slower than usual. */
    SLOW,
    /** The image cannot be pulled: {@code CannotPullContainerError}. */
    NOPULL;

    /** The behaviour named by the image reference's tag suffix, e.g. {@code repo:2-crash}. */
    public static ImageBehaviour ofImage(String image) {
        String tag = tagOf(image);
        for (ImageBehaviour behaviour : values()) {
            if (behaviour != NORMAL && tag.endsWith("-" + behaviour.suffix())) {
                return behaviour;
            }
        }
        return NORMAL;
    }

    /** Parses a name such as {@code crash} as given to {@code --image-fault} or {@code /_sim/faults}. */
    public static ImageBehaviour parse(String name) {
        for (ImageBehaviour behaviour : values()) {
            if (behaviour.suffix().equals(name.toLowerCase(Locale.ROOT))) {
                return behaviour;
            }
        }
        throw new IllegalArgumentException("unknown image behaviour '" + name
                + "'; expected one of normal, alarm, latecrash, crash, unhealthy, slow, nopull");
    }

    public String suffix() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tag of an image reference, or "" for a digest reference or an untagged name. */
    static String tagOf(String image) {
        if (image == null || image.contains("@")) {
            return "";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : "";
    }
}
