package dev.berth.engine.stack;

import dev.berth.engine.RefusedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The templates berth ships (cluster, service) and templates read from files. */
public final class StackTemplates {
    private StackTemplates() {
    }

    /** {@code cluster} or {@code service} for a bundled template, otherwise a file path. */
    public static String read(String nameOrPath) {
        if ("cluster".equals(nameOrPath) || "service".equals(nameOrPath)) {
            return bundled(nameOrPath);
        }
        Path path = Path.of(nameOrPath);
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.toString();
            throw new RefusedException("cannot read template " + path + ": " + why, e);
        }
    }

    public static String bundled(String name) {
        String resource = "/dev/berth/cloudformation/" + name + ".yaml";
        try (InputStream in = StackTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the bundled template " + resource + " is missing from this build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled template " + resource, e);
        }
    }
}
