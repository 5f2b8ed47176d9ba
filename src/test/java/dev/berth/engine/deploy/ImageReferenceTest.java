package dev.berth.engine.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ImageReferenceTest {
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "nginx,                                                 docker.io,     nginx,           -,      -,         latest",
            "nginx:1.25,                                            docker.io,     nginx,           1.25,   -,         1.25",
            "team/web:2,                                            docker.io,     team/web,        2,      -,         2",
            "localhost:5000/web:2,                                  localhost:5000, web,            2,      -,         2",
            "127.0.0.1:4566/team/web:2,                             127.0.0.1:4566, team/web,       2,      -,         2",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web:2, 123456789012.dkr.ecr.eu-west-1.amazonaws.com, team/web, 2, -, 2",
            "public.ecr.aws/nginx/nginx@sha256:ab,                  public.ecr.aws, nginx/nginx,    -,      sha256:ab, sha256:ab",
            "reg.example:8443/web:1@sha256:cd,                      reg.example:8443, web,          1,      sha256:cd, sha256:cd"})
    void splitsAsDockerDoes(String image, String host, String repository, String tag, String digest, String version) {
        ImageReference reference = ImageReference.parse(image);
        assertThat(reference).isEqualTo(new ImageReference(host, repository, tag, digest));
        assertThat(reference.version()).isEqualTo(version);
    }

    @ParameterizedTest
    @CsvSource({
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1,    true",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1,    false",
            "210987654321.dkr.ecr.eu-west-1.amazonaws.com/web:1,    false",
            "123456789012.dkr.ecr-fips.eu-west-1.amazonaws.com/web:1, true",
            "web:1,                                                 false",
            "127.0.0.1:4566/web:1,                                  false"})
    void knowsTheRegistryOfAnAccountAndRegion(String image, boolean ours) {
        assertThat(ImageReference.parse(image).inEcrOf("123456789012", "eu-west-1")).isEqualTo(ours);
    }
}
