package dev.berth.engine.push;

import dev.berth.engine.RefusedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that a file is a {@code docker save} archive (a tar with a manifest.json) before anything is pushed. */
final class DockerArchives {
    private static final int BLOCK = 512;

    private DockerArchives() {
    }

    static void requireDockerSave(Path tar) {
        if (!Files.isRegularFile(tar) || !Files.isReadable(tar)) {
            throw new RefusedException("cannot read " + tar + ": no such readable file");
        }
        try (InputStream in = Files.newInputStream(tar)) {
            byte[] header = new byte[BLOCK];
            while (in.readNBytes(header, 0, BLOCK) == BLOCK) {
                if (allZero(header)) {
                    break;
                }
                String name = field(header, 0, 100);
                String sizeField = field(header, 124, 12).trim();
                if (!sizeField.matches("[0-7]+") || !checksumOk(header)) {
                    throw notAnArchive(tar, "its entries are not tar entries");
                }
                if (name.equals("manifest.json") || name.equals("./manifest.json")) {
                    return;
                }
                long size = Long.parseLong(sizeField, 8);
                long skip = (size + BLOCK - 1) / BLOCK * BLOCK;
                if (in.skip(skip) != skip) {
                    throw notAnArchive(tar, "it ends inside an entry");
                }
            }
        } catch (IOException e) {
            throw new RefusedException("cannot read " + tar + ": " + e.getMessage(), e);
        }
        throw notAnArchive(tar, "it has no manifest.json");
    }

    private static RefusedException notAnArchive(Path tar, String why) {
        return new RefusedException(tar + " is not a docker save archive: " + why);
    }

    private static boolean checksumOk(byte[] header) {
        String stored = field(header, 148, 8).trim();
        if (!stored.matches("[0-7]+")) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        return sum == Long.parseLong(stored, 8);
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
