package dev.berth.sim.cloudformation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateUrlTest {
    @ParameterizedTest
    @CsvSource({
            "https://s3.amazonaws.com/my-bucket/stacks/vpc.yaml, my-bucket, stacks/vpc.yaml",
            "https://my-bucket.s3.amazonaws.com/stacks/vpc.yaml, my-bucket, stacks/vpc.yaml",
            "https://s3.eu-west-1.amazonaws.com/my-bucket/vpc.yaml, my-bucket, vpc.yaml",
            "https://s3-eu-west-1.amazonaws.com/my-bucket/vpc.yaml, my-bucket, vpc.yaml",
            "https://my.dotted.bucket.s3.us-gov-west-1.amazonaws.com/a/b.json, my.dotted.bucket, a/b.json",
            "https://my-bucket.s3.dualstack.eu-west-1.amazonaws.com/vpc.yaml, my-bucket, vpc.yaml",
            "http://127.0.0.1:4566/my-bucket/0a1b2c3d.template, my-bucket, 0a1b2c3d.template",
            "http://localhost:4566/my-bucket/dir/with%20space.yaml, my-bucket, dir/with space.yaml",
            "http://my-bucket.localhost:4566/vpc.yaml, my-bucket, vpc.yaml",
    })
    void readsTheFormsCloudFormationAccepts(String url, String bucket, String key) {
        assertThat(TemplateUrl.parse(url)).contains(new TemplateUrl(bucket, key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/my-bucket/vpc.yaml", "ftp://s3.amazonaws.com/b/k", "file:///etc/passwd",
            "https://s3.amazonaws.com/only-a-bucket", "https://s3.amazonaws.com/b/", "https://s3.amazonaws.com.evil.example/b/k",
            "https://user@s3.amazonaws.com/b/k", "https://s3.amazonaws.com/b/k?versionId=1", "not a url",
            "https://s3.amazonaws.com/b/%zz", "http://10.0.0.1/b/k", "https://evil.example/s3.amazonaws.com/b/k"})
    void refusesEverythingElse(String url) {
        assertThat(TemplateUrl.parse(url)).isEmpty();
    }
}
