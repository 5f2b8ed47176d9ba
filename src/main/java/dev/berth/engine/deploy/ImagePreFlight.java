package dev.berth.engine.deploy;

import dev.berth.engine.RefusedException;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

import java.time.Clock;
import java.util.Optional;

/**
 * Before a deploy: the version must exist in the stack's image repository, when that is an ECR
 * repository berth can see. Its digest is recorded, so that the rollout can be checked against it
 * and, with --pin-digest, deployed by digest.
 */
final class ImagePreFlight {
    private final EcrClient ecr;
    private final DeploymentListener listener;
    private final Clock clock;

    ImagePreFlight(EcrClient ecr, DeploymentListener listener, Clock clock) {
        this.ecr = ecr;
        this.listener = listener;
        this.clock = clock;
    }

    /** Whether a parameter value is a whole image reference (a tag alone has no ':', '/' or '@'). */
    static boolean isImageReference(String value) {
        return value.contains(":") || value.contains("/") || value.contains("@");
    }

    /** The repository of an image reference: {@code host/team/web:1.0} and {@code host/team/web@sha256:..} give {@code host/team/web}. */
    static String repositoryOf(String reference) {
        String name = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        return colon > slash ? name.substring(0, colon) : name;
    }

    /** @param repositoryUri the stack's image repository, or null when it names none */
    Optional<PreFlightReport.ImageCheck> check(String stack, String repositoryUri, DeployOptions options) {
        if (ecr == null || repositoryUri == null || !repositoryUri.contains("/")) {
            return Optional.empty();
        }
        String name = repositoryUri.substring(repositoryUri.indexOf('/') + 1);
        Repository repository;
        try {
            repository = ecr.describeRepositories(r -> r.repositoryNames(name)).repositories().stream().findFirst().orElse(null);
        } catch (RepositoryNotFoundException e) {
            repository = null;
        } catch (SdkException e) {
            listener.on(new BerthEvent.Warning(clock.instant(), stack, "cannot see ECR repository " + name + " ("
                    + AwsErrors.describe(e) + "); the image of version " + options.version() + " is not checked"));
            return Optional.empty();
        }
        if (repository == null || !repository.repositoryUri().equals(repositoryUri)) {
            return Optional.empty(); // not an ECR repository of this account and region: nothing to check
        }
        try {
            ImageDetail image = ecr.describeImages(r -> r.repositoryName(name).imageIds(i -> i.imageTag(options.version())))
                    .imageDetails().get(0);
            return Optional.of(new PreFlightReport.ImageCheck(repositoryUri, repositoryUri + ":" + options.version(),
                    image.imageDigest()));
        } catch (ImageNotFoundException e) {
            throw new RefusedException("version " + options.version() + " was never pushed to " + repositoryUri
                    + ": push it first (berth push --repository " + name + " --tag " + options.version() + ")", e);
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to look up version " + options.version() + " in " + repositoryUri, e);
        }
    }
}
