package dev.berth.sim.s3;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3ListingTest {
    private static TreeMap<String, S3Object> objects(String... keys) {
        TreeMap<String, S3Object> map = new TreeMap<>();
        for (String key : keys) {
            map.put(key, new S3Object(new byte[0], "\"d41d8cd98f00b204e9800998ecf8427e\"", Instant.EPOCH, "text/plain", Map.of()));
        }
        return map;
    }

    private static List<String> keys(S3Listing.Page page) {
        return page.contents().stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void listsUnderAPrefixAfterAMarker() {
        var page = S3Listing.page(objects("a", "b/1", "b/2", "c"), "b/", null, "b/1", 10);
        assertThat(keys(page)).containsExactly("b/2");
        assertThat(page.truncated()).isFalse();
    }

    @Test
    void rollsUpKeysUnderTheDelimiterAndCountsEachPrefixOnce() {
        var page = S3Listing.page(objects("a/1", "a/2", "a/3", "b", "c/x/y"), "", "/", null, 2);
        assertThat(page.commonPrefixes()).containsExactly("a/");
        assertThat(keys(page)).containsExactly("b");
        assertThat(page.truncated()).isTrue();
        assertThat(page.last()).isEqualTo("b");
        var next = S3Listing.page(objects("a/1", "a/2", "a/3", "b", "c/x/y"), "", "/", page.last(), 2);
        assertThat(next.commonPrefixes()).containsExactly("c/");
        assertThat(next.truncated()).isFalse();
    }

    @Test
    void aMarkerOnACommonPrefixSkipsEveryKeyUnderIt() {
        var page = S3Listing.page(objects("a/1", "a/2", "b"), "", "/", "a/", 10);
        assertThat(page.commonPrefixes()).isEmpty();
        assertThat(keys(page)).containsExactly("b");
    }

    @Test
    void refusesBucketNamesAndKeysS3Refuses() {
        for (String bad : new String[]{"ab", "Upper", "under_score", "a..b", "192.168.0.1", "-start", "end-", "xn--punycode",
                "a".repeat(64), "dot.-dash"}) {
            assertThatThrownBy(() -> S3Names.bucket(bad)).as(bad).hasMessageContaining("not valid");
        }
        assertThat(S3Names.bucket("my.bucket-1")).isEqualTo("my.bucket-1");
        assertThatThrownBy(() -> S3Names.key("é".repeat(513))).hasMessageContaining("too long");
        assertThat(S3Names.key("../../etc/passwd")).isEqualTo("../../etc/passwd"); // a key, never a path
        assertThatThrownBy(() -> S3Names.decode("%zz", false)).hasMessageContaining("URI");
        assertThatThrownBy(() -> S3Names.decode("%c3%28", false)).hasMessageContaining("URI");
    }

    @Test
    void theStoreIsBoundedPerObjectAndInTotal() {
        S3Store store = new S3Store(10, 25, 2);
        store.createBucket("bucket-one", "us-east-1", Instant.EPOCH);
        assertThatThrownBy(() -> store.put("bucket-one", "k", new byte[11], null, Map.of(), Instant.EPOCH))
                .hasMessageContaining("maximum allowed size");
        store.put("bucket-one", "a", new byte[10], null, Map.of(), Instant.EPOCH);
        store.put("bucket-one", "b", new byte[10], null, Map.of(), Instant.EPOCH);
        assertThatThrownBy(() -> store.put("bucket-one", "c", new byte[10], null, Map.of(), Instant.EPOCH))
                .hasMessageContaining("at most 25 bytes");
        store.put("bucket-one", "a", new byte[5], null, Map.of(), Instant.EPOCH); // replacing frees the old bytes
        store.put("bucket-one", "c", new byte[10], null, Map.of(), Instant.EPOCH);
        store.createBucket("bucket-two", "us-east-1", Instant.EPOCH);
        assertThatThrownBy(() -> store.createBucket("bucket-three", "us-east-1", Instant.EPOCH))
                .hasMessageContaining("more buckets");
    }

    @Test
    void readsSingleByteRangesAsS3Does() {
        assertThat(S3Objects.span("bytes=0-3", 10)).containsExactly(0, 3);
        assertThat(S3Objects.span("bytes=5-", 10)).containsExactly(5, 9);
        assertThat(S3Objects.span("bytes=-4", 10)).containsExactly(6, 9);
        assertThat(S3Objects.span("bytes=2-100", 10)).containsExactly(2, 9);
        assertThat(S3Objects.span("lines=1-2", 10)).isNull();
        assertThatThrownBy(() -> S3Objects.span("bytes=10-", 10)).hasMessageContaining("not satisfiable");
    }
}
