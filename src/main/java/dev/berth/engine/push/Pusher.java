package dev.berth.engine.push;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import dev.berth.engine.BerthException;
import dev.berth.engine.RefusedException;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code berth push}: puts an image into ECR (or any registry) without ever handing the registry
 * password to another process: the repository is made ready, a token comes from the SDK, and
 * jib-core pushes in-process, sending only the layers the registry does not have.
 */
public final class Pusher {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private final EcrClient ecr;
    private final DockerCli docker;
    private final Clock clock;
    private final DeploymentListener listener;

    /** @param ecr null when pushing to a registry other than ECR */
    public Pusher(EcrClient ecr, DockerCli docker, Clock clock, DeploymentListener listener) {
        this.ecr = ecr;
        this.docker = docker;
        this.clock = clock;
        this.listener = listener;
    }

    /** Credentials for a registry reached without ECR (the password only ever lives in this process). */
    public record RegistryLogin(String host, String username, char[] password) {
    }

    /** Pushes to ECR: the repository is created if missing, and the login comes from GetAuthorizationToken. */
    public PushResult push(PushOptions options) {
        requireSource(options.source());
        Repository repository = ensureRepository(options);
        boolean created = repository == null;
        if (created) {
            repository = createRepository(options);
        }
        Map<String, String> before = existingTags(options);
        RegistryLogin login = login();
        String uri = repository.repositoryUri();
        PushResult pushed = pushTo(uri, login, options, before, created, repository.imageTagMutability() == ImageTagMutability.IMMUTABLE);
        long size = describe(options.repository(), pushed.digest()).map(ImageDetail::imageSizeInBytes).orElse(pushed.sizeBytes());
        return new PushResult(pushed.repositoryUri(), pushed.tags(), pushed.digest(), size, pushed.bytesSent(), created,
                pushed.unchanged());
    }

    /** Pushes to a registry that is not ECR, such as a self-hosted one, with the given login. */
    public PushResult push(PushOptions options, RegistryLogin login) {
        requireSource(options.source());
        return pushTo(login.host() + "/" + options.repository(), login, options, Map.of(), false, false);
    }

    private void requireSource(ImageSource source) {
        if (source instanceof ImageSource.Archive archive) {
            DockerArchives.requireDockerSave(archive.tar());
        } else if (source instanceof ImageSource.Build build) {
            DockerBuild.requireContext(build);
        } else if (source instanceof ImageSource.DaemonImage image && image.reference().isBlank()) {
            throw new RefusedException("the local image reference is empty");
        }
    }

    // ---- ECR ----

    private Repository ensureRepository(PushOptions options) {
        try {
            return ecr.describeRepositories(r -> r.repositoryNames(options.repository())).repositories().get(0);
        } catch (RepositoryNotFoundException e) {
            return null;
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to describe repository " + options.repository(), e);
        }
    }

    private Repository createRepository(PushOptions options) {
        try {
            Repository repository;
            try {
                repository = ecr.createRepository(r -> r.repositoryName(options.repository())
                        .imageTagMutability(options.immutable() ? ImageTagMutability.IMMUTABLE : ImageTagMutability.MUTABLE)
                        .imageScanningConfiguration(s -> s.scanOnPush(true))).repository();
            } catch (RepositoryAlreadyExistsException e) {
                // created meanwhile, by another push or by this call before its answer was lost: use it
                Repository existing = ensureRepository(options);
                if (existing == null) {
                    throw e;
                }
                return existing;
            }
            listener.on(new BerthEvent.PhaseChanged(clock.instant(), options.repository(), "repository",
                    "created " + repository.repositoryUri() + " (" + repository.imageTagMutabilityAsString()
                            + " tags, scan on push)"));
            if (options.keepLast() != null) {
                String policy = "{\"rules\":[{\"rulePriority\":1,\"description\":\"keep the last " + options.keepLast()
                        + " images\",\"selection\":{\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":"
                        + options.keepLast() + "},\"action\":{\"type\":\"expire\"}}]}";
                ecr.putLifecyclePolicy(r -> r.repositoryName(options.repository()).lifecyclePolicyText(policy));
            }
            return repository;
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to create repository " + options.repository(), e);
        }
    }

    /** The digest each tag has now, for tags that exist. */
    private Map<String, String> existingTags(PushOptions options) {
        Map<String, String> existing = new LinkedHashMap<>();
        for (String tag : options.tags()) {
            describe(options.repository(), ImageIdentifier.builder().imageTag(tag).build())
                    .ifPresent(detail -> existing.put(tag, detail.imageDigest()));
        }
        return existing;
    }

    private Optional<ImageDetail> describe(String repository, String digest) {
        return describe(repository, ImageIdentifier.builder().imageDigest(digest).build());
    }

    private Optional<ImageDetail> describe(String repository, ImageIdentifier id) {
        try {
            return ecr.describeImages(r -> r.repositoryName(repository).imageIds(id)).imageDetails().stream().findFirst();
        } catch (ImageNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to describe images of " + repository, e);
        }
    }

    private RegistryLogin login() {
        AuthorizationData data;
        try {
            data = ecr.getAuthorizationToken(r -> { }).authorizationData().get(0);
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to get an ECR authorization token", e);
        }
        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        String host = data.proxyEndpoint().replaceFirst("^https?://", "").replaceAll("/+$", "");
        return new RegistryLogin(host, decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray());
    }

    // ---- pushing ----

    private PushResult pushTo(String repositoryUri, RegistryLogin login, PushOptions options, Map<String, String> before,
                              boolean created, boolean immutable) {
        String reference = repositoryUri + ":" + options.tags().get(0);
        boolean loopback = loopback(login.host());
        Path cache;
        try {
            cache = Files.createTempDirectory("berth-push");
        } catch (IOException e) {
            throw new BerthException("cannot create a temporary directory for the push: " + e.getMessage(), e);
        }
        BytesSent bytes = new BytesSent();
        try {
            if (loopback) {
                // plain HTTP only to this machine (berth sim, a local registry): credentials never cross a network
                LoopbackCredentials.allow();
            }
            JibContainerBuilder from = source(options);
            Containerizer to = Containerizer.to(RegistryImage.named(reference)
                            .addCredential(login.username(), new String(login.password())))
                    .setAllowInsecureRegistries(loopback)
                    .setToolName("berth")
                    .setBaseImageLayersCache(cache.resolve("base"))
                    .setApplicationLayersCache(cache.resolve("application"))
                    .addEventHandler(ProgressEvent.class, bytes::progress)
                    .addEventHandler(LogEvent.class, bytes::log);
            for (String tag : options.tags().subList(1, options.tags().size())) {
                to = to.withAdditionalTag(tag);
            }
            listener.on(new BerthEvent.PhaseChanged(clock.instant(), options.repository(), "push", "pushing to " + reference));
            JibContainer container = from.containerize(to);
            String digest = container.getDigest().toString();
            boolean unchanged = before.size() == options.tags().size()
                    && before.values().stream().allMatch(digest::equals);
            return new PushResult(repositoryUri, options.tags(), digest, bytes.total(), bytes.sent(), created, unchanged);
        } catch (ExecutionException e) {
            throw failure(e.getCause() == null ? e : e.getCause(), options, before, immutable);
        } catch (InvalidImageReferenceException e) {
            throw new RefusedException("invalid image reference " + reference + ": " + e.getMessage(), e);
        } catch (IOException | com.google.cloud.tools.jib.api.CacheDirectoryCreationException
                 | com.google.cloud.tools.jib.api.RegistryException e) {
            throw failure(e, options, before, immutable);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("the push to " + reference + " was interrupted", e);
        } finally {
            java.util.Arrays.fill(login.password(), '\0');
            if (loopback) {
                LoopbackCredentials.release();
            }
            delete(cache);
        }
    }

    private JibContainerBuilder source(PushOptions options) throws InvalidImageReferenceException {
        ImageSource source = options.source();
        if (source instanceof ImageSource.Archive archive) {
            return Jib.from(TarImage.at(archive.tar()));
        }
        String local;
        if (source instanceof ImageSource.DaemonImage image) {
            local = image.reference();
        } else {
            local = options.repository() + ":" + options.tags().get(0);
            new DockerBuild(docker, listener, clock).build((ImageSource.Build) source, local);
        }
        return Jib.from(DockerDaemonImage.named(local).setDockerExecutable(docker.executablePath())
                .setDockerEnvironment(docker.environment()));
    }

    private static RuntimeException failure(Throwable cause, PushOptions options, Map<String, String> before, boolean immutable) {
        String message = String.valueOf(cause.getMessage());
        String chain = messagesOf(cause);
        // ECR answers TAG_INVALID; jib reports a refused manifest as a registry that "may not support" it
        boolean tagTaken = chain.contains("TAG_INVALID") || chain.contains("cannot be overwritten")
                || (!before.isEmpty() && chain.contains("may not support pushing"));
        if (immutable && tagTaken) {
            String existing = before.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                    .reduce((a, b) -> a + ", " + b).orElse("a tag");
            return new RefusedException("repository " + options.repository() + " has immutable tags and already holds "
                    + existing + " with other content; push under a new tag", cause);
        }
        if (message.contains("No such image") || message.contains("docker save")) {
            return new RefusedException("the local Docker daemon has no image to push: " + firstLine(message), cause);
        }
        if (cause instanceof IOException && options.source() instanceof ImageSource.Archive archive) {
            return new RefusedException("cannot push " + archive.tar() + ": " + firstLine(message), cause);
        }
        if (message.contains("Unauthorized") || message.contains("401") || message.contains("DENIED")) {
            return new RefusedException("the registry refused the credentials: " + firstLine(message), cause);
        }
        return new BerthException("failed to push to repository " + options.repository() + ": " + firstLine(message), cause);
    }

    private static String messagesOf(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null && all.length() < 10_000; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static boolean loopback(String host) {
        String name = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        try {
            return InetAddress.getByName(name).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void delete(Path directory) {
        try (var files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary cache left behind is cleaned with the machine's temporary files
        }
    }

    /**
     * Counts the bytes of blobs actually uploaded: jib reports progress for every blob, and logs the
     * ones it skips because the registry already has them.
     */
    private static final class BytesSent {
        private final Map<String, Long> blobs = new LinkedHashMap<>();
        private final java.util.Set<String> skipped = new java.util.HashSet<>();

        synchronized void progress(ProgressEvent event) {
            String description = event.getAllocation().getDescription();
            if (description.startsWith("pushing blob")) {
                Matcher digest = DIGEST.matcher(description);
                if (digest.find()) {
                    blobs.merge(digest.group(), event.getUnits(), Long::sum);
                }
            }
        }

        synchronized void log(LogEvent event) {
            if (event.getMessage().startsWith("Skipping push; BLOB already exists")) {
                Matcher digest = DIGEST.matcher(event.getMessage());
                if (digest.find()) {
                    skipped.add(digest.group());
                }
            }
        }

        synchronized long sent() {
            return blobs.entrySet().stream().filter(e -> !skipped.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        }

        synchronized long total() {
            return blobs.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
