package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.ecr.EcrApi;
import dev.berth.sim.http.RequestContext;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * AWS::ECR::Repository as a real repository in the simulator's ECR, so that images can be pushed
 * to it: Ref is the name, GetAtt Arn and RepositoryUri. A repository that still holds images is
 * not deleted unless EmptyOnDelete is set, as ECR refuses it.
 */
final class EcrRepositoryProvider implements ResourceProvider {
    private final EcrApi ecr;
    private final Timing timing;
    private final PhysicalNames names;
    private final String accountId;

    EcrRepositoryProvider(EcrApi ecr, Timing timing, PhysicalNames names, String accountId) {
        this.ecr = ecr;
        this.timing = timing;
        this.names = names;
        this.accountId = accountId;
    }

    @Override
    public ResourceOperation create(ResourceRequest request) {
        JsonNode props = request.properties();
        String name = props.hasNonNull("RepositoryName") ? props.get("RepositoryName").asText()
                : names.generate(request.stackName(), request.logicalId(), 256).toLowerCase(Locale.ROOT);
        return timing.perform("Ecr", Duration.ofSeconds(2), () -> {
            ObjectNode input = JsonNodeFactory.instance.objectNode().put("repositoryName", name);
            if (props.hasNonNull("ImageTagMutability")) {
                input.put("imageTagMutability", props.get("ImageTagMutability").asText());
            }
            if (props.has("ImageScanningConfiguration")) {
                input.set("imageScanningConfiguration", ApiShapes.camelCase(props.get("ImageScanningConfiguration")));
            }
            if (props.has("EncryptionConfiguration")) {
                input.set("encryptionConfiguration", ApiShapes.camelCase(props.get("EncryptionConfiguration")));
            }
            JsonNode repository = call("CreateRepository", input, request.region()).path("repository");
            putLifecyclePolicy(name, props, request.region());
            return ResourceResult.done(name, Map.of("Arn", repository.path("repositoryArn"),
                    "RepositoryUri", repository.path("repositoryUri")));
        });
    }

    @Override
    public ResourceOperation update(ResourceRequest request, ResourceState current) {
        JsonNode props = request.properties();
        return timing.perform("Ecr", Duration.ofSeconds(1), () -> {
            String mutability = props.path("ImageTagMutability").asText("MUTABLE");
            if (!mutability.equals(current.properties().path("ImageTagMutability").asText("MUTABLE"))) {
                call("PutImageTagMutability", JsonNodeFactory.instance.objectNode().put("repositoryName", current.physicalId())
                        .put("imageTagMutability", mutability), request.region());
            }
            if (!Objects.equals(props.get("LifecyclePolicy"), current.properties().get("LifecyclePolicy"))) {
                putLifecyclePolicy(current.physicalId(), props, request.region());
            }
            return ResourceResult.done(current.physicalId(), current.attributes());
        });
    }

    @Override
    public ResourceOperation delete(ResourceState current) {
        boolean force = current.properties().path("EmptyOnDelete").asText("false").equalsIgnoreCase("true");
        return timing.perform("Ecr", Duration.ofSeconds(1), () -> {
            call("DeleteRepository", JsonNodeFactory.instance.objectNode().put("repositoryName", current.physicalId())
                    .put("force", force), current.region());
            return ResourceResult.done(current.physicalId(), Map.of());
        });
    }

    @Override
    public boolean replacesOn(String property) {
        return Set.of("RepositoryName", "EncryptionConfiguration").contains(property);
    }

    private void putLifecyclePolicy(String name, JsonNode props, String region) {
        JsonNode text = props.path("LifecyclePolicy").path("LifecyclePolicyText");
        if (text.isTextual()) {
            call("PutLifecyclePolicy", JsonNodeFactory.instance.objectNode().put("repositoryName", name)
                    .put("lifecyclePolicyText", text.asText()), region);
        }
    }

    private JsonNode call(String operation, ObjectNode input, String region) {
        return ecr.handle(operation, input, new RequestContext(region, "ecr", accountId, UUID.randomUUID().toString()));
    }
}
