package dev.berth.engine.deploy;

import dev.berth.engine.RefusedException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EcrImagesTest {
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "eu-west-1";
    private static final String OURS = ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com";

    private static final FakeEcr ECR = new FakeEcr(
            Map.of("team/web", OURS + "/team/web", "local/web", "127.0.0.1:4566/local/web"),
            Map.of("team/web:2", "sha256:22", "team/web@sha256:22", "sha256:22", "local/web:5", "sha256:55"));

    private static Optional<EcrImages.Found> find(FakeEcr ecr, String image) {
        return new EcrImages(ecr).find(ImageReference.parse(image), ACCOUNT, REGION, "container app of TaskDef", "2");
    }

    @Test
    void findsATagOrADigestInThisAccountsRegistry() {
        assertThat(find(ECR, OURS + "/team/web:2")).contains(new EcrImages.Found(OURS + "/team/web", "sha256:22"));
        assertThat(find(ECR, OURS + "/team/web@sha256:22")).contains(new EcrImages.Found(OURS + "/team/web", "sha256:22"));
    }

    @Test
    void refusesWhatIsNotThere() {
        assertThatThrownBy(() -> find(ECR, OURS + "/team/web:3")).isInstanceOf(RefusedException.class)
                .hasMessageContaining("image " + OURS + "/team/web:3 of container app of TaskDef")
                .hasMessageContaining("tag 3 was never pushed");
        assertThatThrownBy(() -> find(ECR, OURS + "/team/web@sha256:99")).isInstanceOf(RefusedException.class)
                .hasMessageContaining("no image has that digest");
        assertThatThrownBy(() -> find(ECR, OURS + "/team/gone:2")).isInstanceOf(RefusedException.class)
                .hasMessageContaining("ECR repository team/gone, which does not exist in account " + ACCOUNT);
    }

    @Test
    void theVersionNeverPushedIsNamedAsSuch() {
        FakeEcr ecr = new FakeEcr(Map.of("team/web", OURS + "/team/web"), Map.of());
        assertThatThrownBy(() -> find(ecr, OURS + "/team/web:2")).isInstanceOf(RefusedException.class)
                .hasMessageStartingWith("version 2 was never pushed to " + OURS + "/team/web")
                .hasMessageContaining("berth push --repository team/web --tag 2");
    }

    @Test
    void imagesElsewhereAreNotLookedUp() {
        FakeEcr ecr = new FakeEcr(Map.of("team/web", OURS + "/team/web"), Map.of());
        assertThat(find(ecr, "nginx:1.25")).isEmpty();
        assertThat(find(ecr, "210987654321.dkr.ecr.eu-west-1.amazonaws.com/team/web:2")).isEmpty();
        assertThat(find(ecr, ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/team/web:2")).isEmpty();
        assertThat(ecr.calls).isEmpty();
    }

    @Test
    void aRegistryUnderAnotherNameIsOursWhenEcrGivesItsExactAddress() {
        assertThat(find(ECR, "127.0.0.1:4566/local/web:5")).contains(new EcrImages.Found("127.0.0.1:4566/local/web", "sha256:55"));
        assertThat(find(ECR, "registry.example.com/local/web:5")).isEmpty();
        assertThat(find(ECR, "registry.example.com/other/web:5")).isEmpty();
    }

    @Test
    void anEcrThatCannotBeAskedLeavesTheImageUnchecked() {
        FakeEcr ecr = new FakeEcr(Map.of(), Map.of());
        ecr.throttled = true;
        assertThatThrownBy(() -> find(ecr, OURS + "/team/web:2")).isInstanceOf(EcrImages.Unreachable.class)
                .hasMessageContaining("ThrottlingException");
    }
}
