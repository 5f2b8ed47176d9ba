package dev.berth.sim.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Slices a result list the way AWS pages it: {@code maxResults} and an opaque {@code nextToken}. */
public final class Pagination {
    private Pagination() {
    }

    public record Page<T>(List<T> items, String nextToken) {
    }

    public static <T> Page<T> page(List<T> all, String nextToken, Integer maxResults, int defaultMax, int limit,
                                   String invalidCode) {
        int max = maxResults == null ? defaultMax : maxResults;
        if (max < 1 || max > limit) {
            throw AwsException.client(invalidCode, "maxResults must be between 1 and " + limit + ", got " + max);
        }
        int start = nextToken == null ? 0 : decode(nextToken, invalidCode);
        if (start < 0 || start > all.size()) {
            throw AwsException.client(invalidCode, "Invalid nextToken");
        }
        int end = Math.min(all.size(), start + max);
        String next = end < all.size() ? encode(end) : null;
        return new Page<>(all.subList(start, end), next);
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String token, String invalidCode) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("offset:")) {
                return Integer.parseInt(text.substring("offset:".length()));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw AwsException.client(invalidCode, "Invalid nextToken");
    }
}
