package dev.berth.sim.ecr;

import java.util.Optional;

/** {@code host[:port]/name[:tag][@digest]}, as Docker writes image references. */
record ImageReference(String host, String name, String tag, String digest) {

    static Optional<ImageReference> parse(String image) {
        if (image == null || image.isBlank()) {
            return Optional.empty();
        }
        int slash = image.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String host = image.substring(0, slash);
        if (!host.contains(".") && !host.contains(":") && !host.equals("localhost")) {
            return Optional.empty(); // e.g. library/nginx on Docker Hub: not a registry host
        }
        String rest = image.substring(slash + 1);
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ImageReference(host, rest, tag == null && digest == null ? "latest" : tag, digest));
    }
}
