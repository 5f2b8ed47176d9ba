package dev.berth.engine.history;

import dev.berth.engine.RefusedException;

import java.util.List;
import java.util.Optional;

/**
 * Which version a rollback returns to: the one asked for, if it ever ran successfully on the
 * stack, or else the last version that succeeded before the current one.
 */
public final class RollbackTarget {
    private RollbackTarget() {
    }

    /** @param history newest first, as {@link HistoryReader#read} gives it */
    public static String choose(String stack, String currentVersion, Optional<String> wanted, List<HistoryEntry> history) {
        if (wanted.isPresent()) {
            String version = wanted.get();
            if (version.equals(currentVersion)) {
                throw new RefusedException("stack " + stack + " already runs version " + version + "; nothing to roll back to");
            }
            boolean ran = history.stream().anyMatch(e -> e.succeeded() && version.equals(e.version()));
            if (!ran) {
                throw new RefusedException("version " + version + " never ran successfully on stack " + stack
                        + " (succeeded: " + succeeded(history) + "); deploy it with berth deploy if that is what you mean");
            }
            return version;
        }
        return history.stream()
                .filter(e -> e.succeeded() && e.version() != null && !e.version().equals(currentVersion))
                .map(HistoryEntry::version)
                .findFirst()
                .orElseThrow(() -> new RefusedException("stack " + stack + " has no earlier version that succeeded"
                        + " (succeeded: " + succeeded(history) + "); name one with --to"));
    }

    private static String succeeded(List<HistoryEntry> history) {
        List<String> versions = history.stream().filter(HistoryEntry::succeeded).map(HistoryEntry::version)
                .filter(v -> v != null).distinct().toList();
        return versions.isEmpty() ? "none" : String.join(", ", versions);
    }
}
