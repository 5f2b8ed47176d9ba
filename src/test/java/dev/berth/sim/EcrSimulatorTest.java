package dev.berth.sim;

import dev.berth.testing.RegistryHttp;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotEmptyException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ECR in the simulator through the real SDK, and its registry through the distribution API's own requests. */
class EcrSimulatorTest {
    private static final byte[] CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private static SimFixture sim;
    private static EcrClient ecr;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(50);
        ecr = sim.clients().ecr();
    }

    @AfterAll
    static void stop() {
        ecr.close();
        sim.close();
    }

    private static RegistryHttp loggedIn() {
        AuthorizationData data = ecr.getAuthorizationToken(r -> { }).authorizationData().get(0);
        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        return new RegistryHttp(sim.server().registry().host(), "AWS", decoded.substring(4));
    }

    private static Repository create(String name, ImageTagMutability mutability) {
        return ecr.createRepository(r -> r.repositoryName(name).imageTagMutability(mutability)).repository();
    }

    /** Pushes CONFIG and the layer as blobs and the manifest under the tag; returns the manifest's digest. */
    private static String push(RegistryHttp registry, String repository, String tag, byte[] layer) {
        assertThat(registry.uploadMonolithic(repository, CONFIG).statusCode()).isEqualTo(201);
        assertThat(registry.uploadMonolithic(repository, layer).statusCode()).isEqualTo(201);
        String manifest = RegistryHttp.dockerManifest(CONFIG, layer);
        HttpResponse<String> put = registry.putManifest(repository, tag, manifest, "application/vnd.docker.distribution.manifest.v2+json");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        return RegistryHttp.digest(manifest.getBytes(StandardCharsets.UTF_8));
    }

    // ---- the ECR API ----

    @Test
    void repositoriesKeepTheirSettingsAndNamesAreUnique() {
        Repository created = ecr.createRepository(r -> r.repositoryName("team/settings")
                .imageTagMutability(ImageTagMutability.IMMUTABLE)
                .imageScanningConfiguration(s -> s.scanOnPush(true))
                .encryptionConfiguration(e -> e.encryptionType(EncryptionType.KMS))).repository();
        assertThat(created.repositoryUri()).isEqualTo(sim.server().registry().host() + "/team/settings");
        assertThat(created.repositoryArn()).isEqualTo("arn:aws:ecr:us-east-1:" + sim.server().registry().accountId()
                + ":repository/team/settings");

        Repository described = ecr.describeRepositories(r -> r.repositoryNames("team/settings")).repositories().get(0);
        assertThat(described.imageTagMutability()).isEqualTo(ImageTagMutability.IMMUTABLE);
        assertThat(described.imageScanningConfiguration().scanOnPush()).isTrue();
        assertThat(described.encryptionConfiguration().encryptionType()).isEqualTo(EncryptionType.KMS);

        assertThatThrownBy(() -> create("team/settings", ImageTagMutability.MUTABLE))
                .isInstanceOf(RepositoryAlreadyExistsException.class)
                .hasMessageContaining("The repository with name 'team/settings' already exists");
        assertThatThrownBy(() -> ecr.describeRepositories(r -> r.repositoryNames("team/ghost")))
                .isInstanceOf(RepositoryNotFoundException.class)
                .hasMessageContaining("'team/ghost' does not exist");
        assertThatThrownBy(() -> ecr.deleteRepository(r -> r.repositoryName("team/ghost")))
                .isInstanceOf(RepositoryNotFoundException.class);
        assertThatThrownBy(() -> ecr.createRepository(r -> r.repositoryName("Upper/Case")))
                .hasMessageContaining("repositoryName");

        ecr.putImageTagMutability(r -> r.repositoryName("team/settings").imageTagMutability(ImageTagMutability.MUTABLE));
        assertThat(ecr.describeRepositories(r -> r.repositoryNames("team/settings")).repositories().get(0)
                .imageTagMutability()).isEqualTo(ImageTagMutability.MUTABLE);
    }

    @Test
    void anAuthorizationTokenIsAwsAndAPasswordForTheSimulatorsRegistry() {
        AuthorizationData data = ecr.getAuthorizationToken(r -> { }).authorizationData().get(0);
        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        assertThat(decoded).startsWith("AWS:").hasSizeGreaterThan(40);
        assertThat(data.proxyEndpoint()).isEqualTo("http://" + sim.server().registry().host());
        assertThat(data.proxyEndpoint()).startsWith("http://127.0.0.1:");
        assertThat(data.expiresAt()).isAfter(java.time.Instant.now().plus(Duration.ofHours(11)));
        AuthorizationData second = ecr.getAuthorizationToken(r -> { }).authorizationData().get(0);
        assertThat(second.authorizationToken()).isNotEqualTo(data.authorizationToken());
    }

    @Test
    void imagesAreDescribedListedFetchedAndDeletedAsPushed() {
        create("team/images", ImageTagMutability.MUTABLE);
        RegistryHttp registry = loggedIn();
        byte[] layer = "layer of images".getBytes(StandardCharsets.UTF_8);
        String digest = push(registry, "team/images", "1.0.0", layer);

        ImageDetail detail = ecr.describeImages(r -> r.repositoryName("team/images").imageIds(i -> i.imageTag("1.0.0")))
                .imageDetails().get(0);
        assertThat(detail.imageDigest()).isEqualTo(digest);
        assertThat(detail.imageTags()).containsExactly("1.0.0");
        assertThat(detail.imageSizeInBytes()).isEqualTo(layer.length);
        assertThat(detail.imageManifestMediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(ecr.listImages(r -> r.repositoryName("team/images")).imageIds())
                .singleElement().satisfies(id -> assertThat(id.imageDigest()).isEqualTo(digest));
        String manifest = ecr.batchGetImage(r -> r.repositoryName("team/images").imageIds(i -> i.imageTag("1.0.0")))
                .images().get(0).imageManifest();
        assertThat(RegistryHttp.digest(manifest.getBytes(StandardCharsets.UTF_8))).isEqualTo(digest);

        assertThatThrownBy(() -> ecr.describeImages(r -> r.repositoryName("team/images").imageIds(i -> i.imageTag("9.9.9"))))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessageContaining("imageTag:'9.9.9'").hasMessageContaining("team/images");
        assertThatThrownBy(() -> ecr.deleteRepository(r -> r.repositoryName("team/images")))
                .isInstanceOf(RepositoryNotEmptyException.class);

        BatchDeleteImageResponse deleted = ecr.batchDeleteImage(r -> r.repositoryName("team/images")
                .imageIds(i -> i.imageTag("1.0.0"), i -> i.imageTag("ghost")));
        assertThat(deleted.imageIds()).singleElement().satisfies(id -> assertThat(id.imageDigest()).isEqualTo(digest));
        assertThat(deleted.failures()).singleElement().satisfies(f -> {
            assertThat(f.failureCodeAsString()).isEqualTo("ImageNotFound");
            assertThat(f.imageId().imageTag()).isEqualTo("ghost");
        });
        assertThat(registry.get("/v2/team/images/manifests/1.0.0").statusCode()).isEqualTo(404);
        ecr.deleteRepository(r -> r.repositoryName("team/images"));
    }

    @Test
    void immutableTagsCannotBeMovedButTheSameContentIsAccepted() {
        create("team/immutable", ImageTagMutability.IMMUTABLE);
        RegistryHttp registry = loggedIn();
        String first = push(registry, "team/immutable", "1", "one".getBytes(StandardCharsets.UTF_8));
        byte[] other = "two".getBytes(StandardCharsets.UTF_8);
        registry.uploadMonolithic("team/immutable", other);
        String manifest = RegistryHttp.dockerManifest(CONFIG, other);

        HttpResponse<String> moved = registry.putManifest("team/immutable", "1", manifest,
                "application/vnd.docker.distribution.manifest.v2+json");
        assertThat(moved.statusCode()).isEqualTo(400);
        assertThat(moved.body()).contains("TAG_INVALID").contains("cannot be overwritten because the repository is immutable");
        assertThatThrownBy(() -> ecr.putImage(r -> r.repositoryName("team/immutable").imageTag("1").imageManifest(manifest)))
                .isInstanceOf(ImageTagAlreadyExistsException.class)
                .hasMessageContaining("The image tag '1' already exists in the 'team/immutable' repository");
        assertThat(ecr.describeImages(r -> r.repositoryName("team/immutable").imageIds(i -> i.imageTag("1")))
                .imageDetails().get(0).imageDigest()).isEqualTo(first);

        // the same content under the same tag is a no-op, as docker push of an unchanged image is
        assertThat(push(registry, "team/immutable", "1", "one".getBytes(StandardCharsets.UTF_8))).isEqualTo(first);
        // a mutable repository lets the tag move
        ecr.putImageTagMutability(r -> r.repositoryName("team/immutable").imageTagMutability(ImageTagMutability.MUTABLE));
        assertThat(registry.putManifest("team/immutable", "1", manifest, "application/vnd.docker.distribution.manifest.v2+json")
                .statusCode()).isEqualTo(201);
        assertThat(ecr.describeImages(r -> r.repositoryName("team/immutable").imageIds(i -> i.imageTag("1")))
                .imageDetails().get(0).imageDigest()).isNotEqualTo(first);
    }

    @Test
    void lifecyclePoliciesAreStoredAndAMissingOneIsAnError() {
        create("team/lifecycle", ImageTagMutability.IMMUTABLE);
        assertThatThrownBy(() -> ecr.getLifecyclePolicy(r -> r.repositoryName("team/lifecycle")))
                .isInstanceOf(LifecyclePolicyNotFoundException.class);
        String policy = "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\",\"countType\":"
                + "\"imageCountMoreThan\",\"countNumber\":5},\"action\":{\"type\":\"expire\"}}]}";
        ecr.putLifecyclePolicy(r -> r.repositoryName("team/lifecycle").lifecyclePolicyText(policy));
        assertThat(ecr.getLifecyclePolicy(r -> r.repositoryName("team/lifecycle")).lifecyclePolicyText()).isEqualTo(policy);
        assertThatThrownBy(() -> ecr.putLifecyclePolicy(r -> r.repositoryName("team/lifecycle").lifecyclePolicyText("{not json")))
                .hasMessageContaining("LifecyclePolicyText");
    }

    // ---- the registry protocol ----

    @Test
    void theRegistryAsksForBasicAuthAndRefusesPasswordsItDidNotIssue() {
        create("team/auth", ImageTagMutability.IMMUTABLE);
        HttpResponse<String> anonymous = new RegistryHttp(sim.server().registry().host(), null, null).get("/v2/");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
        assertThat(anonymous.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");

        HttpResponse<String> wrong = new RegistryHttp(sim.server().registry().host(), "AWS", "guessed").get("/v2/team/auth/tags/list");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("DENIED");
        assertThat(loggedIn().get("/v2/").statusCode()).isEqualTo(200);
        assertThat(loggedIn().get("/v2/team/nope/tags/list").body()).contains("NAME_UNKNOWN");
    }

    @Test
    void chunkedUploadsAreVerifiedAgainstTheirDigest() {
        create("team/chunks", ImageTagMutability.IMMUTABLE);
        RegistryHttp registry = loggedIn();
        byte[] part1 = "first half, ".getBytes(StandardCharsets.UTF_8);
        byte[] part2 = "second half".getBytes(StandardCharsets.UTF_8);
        byte[] whole = (new String(part1, StandardCharsets.UTF_8) + new String(part2, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> started = registry.send("POST", "/v2/team/chunks/blobs/uploads/", null, null);
        assertThat(started.statusCode()).isEqualTo(202);
        HttpResponse<String> first = registry.send("PATCH", registry.location(started), part1, "application/octet-stream");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("Range")).hasValue("0-" + (part1.length - 1));
        HttpResponse<String> second = registry.send("PATCH", registry.location(first), part2, "application/octet-stream");
        assertThat(second.headers().firstValue("Range")).hasValue("0-" + (whole.length - 1));
        HttpResponse<String> done = registry.send("PUT", registry.location(second) + "?digest=" + RegistryHttp.digest(whole),
                null, null);
        assertThat(done.statusCode()).isEqualTo(201);
        assertThat(done.headers().firstValue("Docker-Content-Digest")).hasValue(RegistryHttp.digest(whole));
        HttpResponse<String> head = registry.send("HEAD", "/v2/team/chunks/blobs/" + RegistryHttp.digest(whole), null, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(whole.length));
        assertThat(registry.get("/v2/team/chunks/blobs/" + RegistryHttp.digest(whole)).body())
                .isEqualTo("first half, second half");

        HttpResponse<String> lying = registry.send("POST", "/v2/team/chunks/blobs/uploads/?digest=" + RegistryHttp.digest(part1),
                part2, "application/octet-stream");
        assertThat(lying.statusCode()).isEqualTo(400);
        assertThat(lying.body()).contains("DIGEST_INVALID");
        assertThat(registry.send("HEAD", "/v2/team/chunks/blobs/" + RegistryHttp.digest(part2), null, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void blobsMountFromAnotherRepositoryWithoutBeingSentAgain() {
        create("team/mount-from", ImageTagMutability.IMMUTABLE);
        create("team/mount-to", ImageTagMutability.IMMUTABLE);
        RegistryHttp registry = loggedIn();
        byte[] layer = "a shared base layer".getBytes(StandardCharsets.UTF_8);
        registry.uploadMonolithic("team/mount-from", layer);
        long before = sim.server().registry().blobBytesReceived();

        HttpResponse<String> mounted = registry.send("POST", "/v2/team/mount-to/blobs/uploads/?mount="
                + RegistryHttp.digest(layer) + "&from=team/mount-from", null, null);
        assertThat(mounted.statusCode()).isEqualTo(201);
        assertThat(sim.server().registry().blobBytesReceived()).isEqualTo(before);
        assertThat(registry.send("HEAD", "/v2/team/mount-to/blobs/" + RegistryHttp.digest(layer), null, null).statusCode())
                .isEqualTo(200);

        // a blob the source does not have starts an ordinary upload instead
        HttpResponse<String> notThere = registry.send("POST", "/v2/team/mount-to/blobs/uploads/?mount="
                + RegistryHttp.digest("nowhere".getBytes(StandardCharsets.UTF_8)) + "&from=team/mount-from", null, null);
        assertThat(notThere.statusCode()).isEqualTo(202);
    }

    @Test
    void manifestsMustNameBlobsTheRepositoryHasAndAreServedInTheirOwnForm() {
        create("team/manifests", ImageTagMutability.IMMUTABLE);
        RegistryHttp registry = loggedIn();
        byte[] layer = "oci layer".getBytes(StandardCharsets.UTF_8);
        String oci = RegistryHttp.ociManifest(CONFIG, layer);
        HttpResponse<String> missing = registry.putManifest("team/manifests", "oci", oci, "application/vnd.oci.image.manifest.v1+json");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("MANIFEST_BLOB_UNKNOWN");

        assertThat(registry.uploadMonolithic("team/manifests", CONFIG).statusCode()).isEqualTo(201);
        HttpResponse<String> up = registry.uploadMonolithic("team/manifests", layer);
        assertThat(up.statusCode()).as(up.body() + up.headers().map()).isEqualTo(201);
        HttpResponse<String> put = registry.putManifest("team/manifests", "oci", oci, "application/vnd.oci.image.manifest.v1+json");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        String digest = RegistryHttp.digest(oci.getBytes(StandardCharsets.UTF_8));
        assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest);

        HttpResponse<String> byTag = registry.get("/v2/team/manifests/manifests/oci");
        assertThat(byTag.body()).isEqualTo(oci);
        assertThat(byTag.headers().firstValue("Content-Type")).hasValue("application/vnd.oci.image.manifest.v1+json");
        assertThat(registry.get("/v2/team/manifests/manifests/" + digest).body()).isEqualTo(oci);
        assertThat(registry.get("/v2/team/manifests/tags/list").body()).contains("\"oci\"");
        assertThat(ecr.describeImages(r -> r.repositoryName("team/manifests")).imageDetails())
                .singleElement().satisfies(d -> {
                    assertThat(d.imageDigest()).isEqualTo(digest);
                    assertThat(d.imageManifestMediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
                });

        HttpResponse<String> wrongDigest = registry.putManifest("team/manifests", RegistryHttp.digest(CONFIG), oci,
                "application/vnd.oci.image.manifest.v1+json");
        assertThat(wrongDigest.body()).contains("DIGEST_INVALID");
        assertThat(registry.putManifest("team/manifests", "v1", "{\"schemaVersion\":1}", "application/json").body())
                .contains("MANIFEST_INVALID");
    }

    // ---- ECS pulls from the registry ----

    @Test
    void ecsPullsPushedImagesWithTheirDigestAndFailsOnMissingOnes() throws InterruptedException {
        create("team/pull", ImageTagMutability.IMMUTABLE);
        String digest = push(loggedIn(), "team/pull", "2.0.0", "runnable".getBytes(StandardCharsets.UTF_8));
        String uri = sim.server().registry().host() + "/team/pull";
        try (EcsClient ecs = sim.ecs()) {
            ecs.createCluster(r -> r.clusterName("pulls"));
            Task running = runOne(ecs, "pulled", uri + ":2.0.0", DesiredStatus.RUNNING);
            assertThat(running.containers().get(0).imageDigest()).isEqualTo(digest);

            Task failed = runOne(ecs, "missing", uri + ":3.0.0", DesiredStatus.STOPPED);
            assertThat(failed.stopCodeAsString()).isEqualTo("TaskFailedToStart");
            assertThat(failed.stoppedReason()).startsWith("CannotPullContainerError:").contains(uri + ":3.0.0");

            Task publicImage = runOne(ecs, "public", "nginx:1.27", DesiredStatus.RUNNING);
            assertThat(publicImage.lastStatus()).isEqualTo("RUNNING");
        }
    }

    private static Task runOne(EcsClient ecs, String service, String image, DesiredStatus wanted) throws InterruptedException {
        String definition = ecs.registerTaskDefinition(r -> r.family(service).containerDefinitions(
                ContainerDefinition.builder().name("app").image(image).memory(128).essential(true).build()))
                .taskDefinition().taskDefinitionArn();
        ecs.createService(r -> r.cluster("pulls").serviceName(service).taskDefinition(definition).desiredCount(1));
        List<String> arns = eventually(() -> ecs.listTasks(r -> r.cluster("pulls").serviceName(service).desiredStatus(wanted))
                .taskArns(), l -> !l.isEmpty());
        return eventually(() -> ecs.describeTasks(r -> r.cluster("pulls").tasks(arns.get(0))).tasks().get(0),
                t -> t.lastStatus().equals(wanted.toString()));
    }

    private static <T> T eventually(Supplier<T> read, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached; last value: " + value);
            }
            Thread.sleep(50);
            value = read.get();
        }
        return value;
    }
}
