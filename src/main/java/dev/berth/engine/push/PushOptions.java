package dev.berth.engine.push;

import dev.berth.engine.RefusedException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@link Pusher#push} does: put the image from {@code source} into ECR repository
 * {@code repository} under {@code tags} (the first is the version). A missing repository is
 * created with immutable tags and scan on push, keeping the last {@code keepLast} images when set.
 */
public record PushOptions(String repository, List<String> tags, ImageSource source, boolean immutable, Integer keepLast) {
    private static final Pattern REPOSITORY = Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public PushOptions {
        if (repository == null || repository.length() < 2 || repository.length() > 256 || !REPOSITORY.matcher(repository).matches()) {
            throw new RefusedException("invalid repository '" + repository + "': expected lowercase letters, digits and"
                    + " separators (. _ -), with / between path components, 2 to 256 characters");
        }
        if (tags == null || tags.isEmpty()) {
            throw new RefusedException("at least one tag is needed");
        }
        for (String tag : tags) {
            if (tag == null || !TAG.matcher(tag).matches()) {
                throw new RefusedException("invalid tag '" + tag + "': expected letters, digits, '_', '.' and '-', at most 128,"
                        + " not starting with '.' or '-'");
            }
        }
        if (tags.stream().distinct().count() != tags.size()) {
            throw new RefusedException("tags repeat: " + tags);
        }
        if (keepLast != null && (keepLast < 1 || keepLast > 1000)) {
            throw new RefusedException("keep-last must be between 1 and 1000, got " + keepLast);
        }
        tags = List.copyOf(tags);
    }
}
