package dev.berth.engine.push;

import java.nio.file.Path;
import java.util.Map;

/** Where the image to push comes from. */
public sealed interface ImageSource {
    /** Built with the docker CLI from a context directory (BuildKit where available). */
    record Build(Path context, Path dockerfile, Map<String, String> buildArgs, String network) implements ImageSource {
        public Build {
            buildArgs = Map.copyOf(buildArgs);
        }
    }

    /** A {@code docker save} archive; needs no daemon. */
    record Archive(Path tar) implements ImageSource {
    }

    /** An image already in the local Docker daemon. */
    record DaemonImage(String reference) implements ImageSource {
    }
}
