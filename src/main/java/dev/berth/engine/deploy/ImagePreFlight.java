package dev.berth.engine.deploy;

import dev.berth.cfn.ContainerImages;
import dev.berth.cfn.ContainerImages.ContainerImage;
import dev.berth.cfn.StackFacts;
import dev.berth.cfn.Template;
import dev.berth.cfn.TemplateException;
import dev.berth.cfn.TemplateParser;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Before a deploy: every image the update will run is evaluated from the stack's template with the new version
 * and the other parameters' current values; each one in an ECR registry of this account and region must be in
 * its repository. An image elsewhere, or one that only CloudFormation can know, is reported as not checked.
 * The digest of the version's image is recorded, so that the rollout can be checked against it and, with
 * --pin-digest, deployed by digest.
 */
final class ImagePreFlight {
    private final CloudFormationClient cfn;
    private final EcrImages ecr;
    private final DeploymentListener listener;
    private final Clock clock;

    ImagePreFlight(CloudFormationClient cfn, EcrClient ecr, DeploymentListener listener, Clock clock) {
        this.cfn = cfn;
        this.ecr = ecr == null ? null : new EcrImages(ecr);
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

    /**
     * @param parameters the stack's parameters now
     * @param value      the version parameter's new value
     * @return the version's image in ECR, when one of the images checked is it
     * @throws dev.berth.engine.RefusedException when an image in this account's ECR is not there
     */
    Optional<PreFlightReport.ImageCheck> check(Stack stack, Map<String, String> parameters, String value,
                                               DeployOptions options) {
        if (ecr == null) {
            return Optional.empty();
        }
        Optional<StackArn> arn = StackArn.parse(stack.stackId());
        Optional<Template> template = template(stack);
        if (arn.isEmpty() || template.isEmpty()) {
            if (arn.isEmpty()) {
                warn(stack, "images of stack " + stack.stackName() + " not checked: its id " + stack.stackId()
                        + " does not name its account and region");
            }
            return Optional.empty();
        }
        StackFacts facts = new StackFacts(parameters, Map.of(options.parameter(), value), arn.get().account(),
                arn.get().region(), stack.stackName(), stack.stackId(), physicalIds(stack, template.get()));
        List<ContainerImage> containers = ContainerImages.of(template.get(), facts);
        if (containers.isEmpty()) {
            warn(stack, "images of stack " + stack.stackName() + " not checked: its template defines no "
                    + "AWS::ECS::TaskDefinition with a container (a task definition from a parameter or a nested stack "
                    + "is not read)");
        }
        Set<String> seen = new LinkedHashSet<>();
        PreFlightReport.ImageCheck found = null;
        for (ContainerImage container : containers) {
            String where = "container " + container.container() + " of " + container.taskDefinition();
            if (container.image().isEmpty()) {
                warn(stack, "image of " + where + " cannot be determined before the update ("
                        + container.unknownBecause().orElse("unknown") + "): not checked");
                continue;
            }
            String image = container.image().get();
            if (!seen.add(image)) {
                continue;
            }
            Optional<PreFlightReport.ImageCheck> checked = checkOne(stack, image, where, arn.get(), options);
            // the image that carries the version is the one to record; else the first one checked
            if (checked.isPresent() && (found == null || !versionOf(found, options) && versionOf(checked.get(), options))) {
                found = checked.get();
            }
        }
        return Optional.ofNullable(found);
    }

    private static boolean versionOf(PreFlightReport.ImageCheck check, DeployOptions options) {
        return ImageReference.parse(check.reference()).version().equals(options.version());
    }

    private Optional<PreFlightReport.ImageCheck> checkOne(Stack stack, String image, String where, StackArn arn,
                                                          DeployOptions options) {
        ImageReference reference = ImageReference.parse(image);
        try {
            Optional<EcrImages.Found> found = ecr.find(reference, arn.account(), arn.region(), where, options.version());
            if (found.isEmpty()) {
                warn(stack, "image " + image + " of " + where + " is not in an ECR repository of account "
                        + arn.account() + " in " + arn.region() + ": not checked");
                return Optional.empty();
            }
            return Optional.of(new PreFlightReport.ImageCheck(found.get().repositoryUri(), image, found.get().digest()));
        } catch (EcrImages.Unreachable e) {
            warn(stack, "cannot see ECR repository " + reference.repository() + " (" + e.getMessage() + "); image "
                    + image + " of " + where + " is not checked");
            return Optional.empty();
        }
    }

    private Optional<Template> template(Stack stack) {
        String body;
        try {
            body = cfn.getTemplate(r -> r.stackName(stack.stackName())).templateBody();
        } catch (SdkException e) {
            warn(stack, "images of stack " + stack.stackName() + " not checked: its template cannot be read ("
                    + AwsErrors.describe(e) + ")");
            return Optional.empty();
        }
        try {
            return Optional.of(TemplateParser.parse(body));
        } catch (TemplateException e) {
            warn(stack, "images of stack " + stack.stackName() + " not checked: its template cannot be read ("
                    + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** The physical ids of the stack's resources, read only when the template can address an ECR repository it owns. */
    private Map<String, String> physicalIds(Stack stack, Template template) {
        boolean ownsRepository = template.resources().values().stream().anyMatch(r -> r.type().equals("AWS::ECR::Repository"));
        Map<String, String> ids = new LinkedHashMap<>();
        if (!ownsRepository) {
            return ids;
        }
        try {
            List<StackResourceSummary> resources = cfn.listStackResourcesPaginator(r -> r.stackName(stack.stackName()))
                    .stackResourceSummaries().stream().toList();
            resources.stream().filter(r -> r.physicalResourceId() != null)
                    .forEach(r -> ids.put(r.logicalResourceId(), r.physicalResourceId()));
        } catch (SdkException e) {
            warn(stack, "the resources of stack " + stack.stackName() + " cannot be listed (" + AwsErrors.describe(e)
                    + "); an image built from an ECR repository it owns is not checked");
        }
        return ids;
    }

    private void warn(Stack stack, String message) {
        listener.on(new BerthEvent.Warning(clock.instant(), stack.stackName(), message));
    }
}
