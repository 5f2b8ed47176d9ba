package dev.berth.engine.deploy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference split as Docker reads it: {@code host/path:tag} or {@code host/path@digest}. The first
 * component is a host only when it has a '.' or a ':' or is {@code localhost}; otherwise the image is on Docker Hub.
 */
record ImageReference(String host, String repository, String tag, String digest) {
    static final String DOCKER_HUB = "docker.io";
    private static final Pattern ECR_HOST =
            Pattern.compile("(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

    static ImageReference parse(String image) {
        String rest = image;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        if (slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            return new ImageReference(first, rest.substring(slash + 1), tag, digest);
        }
        return new ImageReference(DOCKER_HUB, rest, tag, digest);
    }

    /** The account and region of an ECR registry host, e.g. 123456789012 and eu-west-1. */
    Optional<String[]> ecrAccountAndRegion() {
        Matcher ecr = ECR_HOST.matcher(host);
        return ecr.matches() ? Optional.of(new String[] {ecr.group(1), ecr.group(2)}) : Optional.empty();
    }

    boolean inEcrOf(String account, String region) {
        return ecrAccountAndRegion().map(ecr -> ecr[0].equals(account) && ecr[1].equals(region)).orElse(false);
    }

    /** The reference as written, with the host Docker would assume made explicit. */
    String written() {
        return repositoryUri() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** Where the repository lives, as ECR writes a repository URI. */
    String repositoryUri() {
        return host + "/" + repository;
    }

    /** The tag or digest to look for; Docker's default tag when neither is written. */
    String version() {
        return digest != null ? digest : tag != null ? tag : "latest";
    }
}
