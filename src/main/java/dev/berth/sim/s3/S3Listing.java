package dev.berth.sim.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * How S3 lists a bucket: keys in order after a marker, those under {@code prefix}
 * only; keys holding the delimiter after the prefix are rolled up into one common prefix each;
 * keys and common prefixes together count towards {@code maxKeys}.
 */
public final class S3Listing {
    /** One page: the objects, the common prefixes, whether more follow and the last entry returned. */
    public record Page(List<Map.Entry<String, S3Object>> contents, List<String> commonPrefixes, boolean truncated,
                       String last) {
    }

    private S3Listing() {
    }

    static Page page(SortedMap<String, S3Object> objects, String prefix, String delimiter, String marker, int maxKeys) {
        String from = marker != null && marker.compareTo(prefix) > 0 ? marker : prefix;
        List<Map.Entry<String, S3Object>> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        for (Map.Entry<String, S3Object> entry : objects.tailMap(from).entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(prefix)) {
                break;
            }
            if (marker != null && key.compareTo(marker) <= 0) {
                continue;
            }
            String rolled = rollUp(key, prefix, delimiter);
            if (rolled != null && ((marker != null && rolled.compareTo(marker) <= 0) || rolled.equals(last))) {
                continue;
            }
            if (contents.size() + prefixes.size() >= maxKeys) {
                return new Page(contents, prefixes, true, last);
            }
            if (rolled != null) {
                prefixes.add(rolled);
                last = rolled;
            } else {
                contents.add(entry);
                last = key;
            }
        }
        return new Page(contents, prefixes, false, last);
    }

    /** The common prefix a key rolls up into, or null when it is listed itself. */
    private static String rollUp(String key, String prefix, String delimiter) {
        if (delimiter == null || delimiter.isEmpty()) {
            return null;
        }
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }
}
