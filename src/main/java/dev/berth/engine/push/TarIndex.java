package dev.berth.engine.push;

import dev.berth.engine.RefusedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The regular files of a tar archive: where each one's content starts and how long it is, read
 * from the headers alone (ustar, with GNU long names and pax paths). A header that does not add
 * up, or an entry that runs past the end of the file, is refused.
 */
final class TarIndex {
    private static final int BLOCK = 512;

    record Entry(String name, long offset, long size) {
    }

    private final Path tar;
    private final Map<String, Entry> entries;

    private TarIndex(Path tar, Map<String, Entry> entries) {
        this.tar = tar;
        this.entries = entries;
    }

    static TarIndex read(Path tar) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        long length = Files.size(tar);
        try (FileChannel channel = FileChannel.open(tar, StandardOpenOption.READ)) {
            InputStream in = Channels.newInputStream(channel);
            byte[] header = new byte[BLOCK];
            long position = 0;
            String longName = null;
            while (in.readNBytes(header, 0, BLOCK) == BLOCK) {
                position += BLOCK;
                if (allZero(header)) {
                    return new TarIndex(tar, entries);
                }
                String sizeField = field(header, 124, 12).trim();
                if (!sizeField.matches("[0-7]+") || !checksumOk(header)) {
                    throw notAnArchive(tar, "its entries are not tar entries");
                }
                long size = Long.parseLong(sizeField, 8);
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                if (position + size > length) {
                    throw notAnArchive(tar, "it ends inside the entry " + name(header, longName));
                }
                char type = (char) header[156];
                if (type == 'L' || type == 'x') {
                    String text = new String(in.readNBytes((int) Math.min(size, 1 << 20)), StandardCharsets.UTF_8);
                    longName = type == 'L' ? text.replace("\0", "") : paxPath(text, longName);
                    in.skipNBytes(padded - Math.min(size, 1 << 20));
                } else {
                    if (type == '0' || type == 0) {
                        String name = name(header, longName);
                        entries.put(normalise(name), new Entry(name, position, size));
                    }
                    longName = null;
                    in.skipNBytes(padded);
                }
                position += padded;
            }
        }
        return new TarIndex(tar, entries);
    }

    /** The entry named {@code name} (a leading "./" ignored), or null. */
    Entry find(String name) {
        return entries.get(normalise(name));
    }

    /** The content of an entry as a stream over the archive. */
    InputStream open(Entry entry) throws IOException {
        FileChannel channel = FileChannel.open(tar, StandardOpenOption.READ);
        channel.position(entry.offset());
        return new BoundedStream(Channels.newInputStream(channel), entry.size());
    }

    byte[] readAll(Entry entry, int limit) throws IOException {
        if (entry.size() > limit) {
            throw notAnArchive(tar, entry.name() + " is larger than " + limit + " bytes");
        }
        try (InputStream in = open(entry)) {
            return in.readAllBytes();
        }
    }

    static RefusedException notAnArchive(Path tar, String why) {
        return new RefusedException(tar + " is not a docker save archive: " + why);
    }

    private static String normalise(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        return n;
    }

    private static String name(byte[] header, String longName) {
        if (longName != null) {
            return longName;
        }
        String prefix = field(header, 345, 155);
        String name = field(header, 0, 100);
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(String records, String previous) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 6);
            }
        }
        return previous;
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
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** A stream that ends after {@code remaining} bytes and closes the archive with it. */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
