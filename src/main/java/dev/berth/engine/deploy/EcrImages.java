package dev.berth.engine.deploy;

import dev.berth.engine.RefusedException;
import dev.berth.engine.aws.AwsErrors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

import java.util.Optional;

/**
 * Looks an image up in the ECR of berth's account and region. An image is there when its host is that
 * registry ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com}), or when ECR names a repository with exactly its
 * address (a registry reached under another name, as emulators have).
 */
final class EcrImages {
    /** The repository an image is in, and the digest its tag names. */
    record Found(String repositoryUri, String digest) {
    }

    /** ECR could not be asked; the image is not checked. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final EcrClient ecr;

    EcrImages(EcrClient ecr) {
        this.ecr = ecr;
    }

    /**
     * @param where the container that names the image, for messages
     * @return empty when the image is not in this account's ECR
     * @throws RefusedException when it is, and its repository, tag or digest is not there
     */
    Optional<Found> find(ImageReference image, String account, String region, String where, String version) {
        boolean ours = image.inEcrOf(account, region);
        if (!ours && (image.ecrAccountAndRegion().isPresent() || image.host().equals(ImageReference.DOCKER_HUB))) {
            return Optional.empty(); // another account's or region's registry, or Docker Hub
        }
        String name = image.repository();
        Repository repository = repository(name);
        if (repository == null) {
            if (ours) {
                throw new RefusedException("image " + image.repositoryUri() + " of " + where + " is in ECR repository "
                        + name + ", which does not exist in account " + account + " in " + region
                        + ": create it and push the image first (berth push --repository " + name + " --tag "
                        + image.version() + ")");
            }
            return Optional.empty();
        }
        if (!ours && !repository.repositoryUri().equals(image.repositoryUri())) {
            return Optional.empty();
        }
        return Optional.of(new Found(repository.repositoryUri(), digest(image, repository, where, version)));
    }

    private Repository repository(String name) {
        try {
            return ecr.describeRepositories(r -> r.repositoryNames(name)).repositories().stream().findFirst().orElse(null);
        } catch (RepositoryNotFoundException e) {
            return null;
        } catch (SdkException e) {
            throw new Unreachable(AwsErrors.describe(e), e);
        }
    }

    private String digest(ImageReference image, Repository repository, String where, String version) {
        String name = repository.repositoryName();
        ImageIdentifier id = image.digest() != null ? ImageIdentifier.builder().imageDigest(image.digest()).build()
                : ImageIdentifier.builder().imageTag(image.version()).build();
        try {
            return ecr.describeImages(r -> r.repositoryName(name).imageIds(id)).imageDetails().get(0).imageDigest();
        } catch (ImageNotFoundException e) {
            String reference = image.written();
            if (image.digest() == null && image.version().equals(version)) {
                throw new RefusedException("version " + version + " was never pushed to " + repository.repositoryUri()
                        + " (image " + reference + " of " + where + "): push it first (berth push --repository "
                        + name + " --tag " + version + ")", e);
            }
            throw new RefusedException("image " + reference + " of " + where + " is not in ECR repository " + name
                    + (image.digest() != null ? ": no image has that digest" : ": tag " + image.version()
                    + " was never pushed (berth push --repository " + name + " --tag " + image.version() + ")"), e);
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to look up image " + image.written(), e);
        }
    }
}
