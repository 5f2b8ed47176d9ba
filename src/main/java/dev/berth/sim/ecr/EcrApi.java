package dev.berth.sim.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.http.AwsException;
import dev.berth.sim.http.AwsJsonService;
import dev.berth.sim.http.JsonInput;
import dev.berth.sim.http.Pagination;
import dev.berth.sim.http.RequestContext;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Amazon ECR over awsJson1_1, in front of the simulator's registry. */
public final class EcrApi implements AwsJsonService {
    private static final String INVALID = "InvalidParameterException";
    private static final Pattern NAME = Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,299}");
    private static final Set<String> MUTATING = Set.of("CreateRepository", "DeleteRepository", "BatchDeleteImage",
            "PutImageTagMutability", "PutLifecyclePolicy", "PutImage", "GetAuthorizationToken");

    private final Registry registry;
    private final ObjectMapper json;

    public EcrApi(Registry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    /** The account the registry belongs to. */
    public String registryId() {
        return registry.accountId();
    }

    @Override
    public String targetPrefix() {
        return "AmazonEC2ContainerRegistry_V20150921";
    }

    @Override
    public String signingName() {
        return "ecr";
    }

    @Override
    public boolean isMutating(String operation) {
        return MUTATING.contains(operation);
    }

    @Override
    public JsonNode handle(String operation, ObjectNode input, RequestContext context) {
        JsonInput in = new JsonInput(input, INVALID);
        synchronized (registry) {
            return switch (operation) {
                case "CreateRepository" -> createRepository(in, context);
                case "DescribeRepositories" -> describeRepositories(in);
                case "DeleteRepository" -> deleteRepository(in);
                case "GetAuthorizationToken" -> authorizationToken();
                case "DescribeImages" -> describeImages(in);
                case "ListImages" -> listImages(in);
                case "BatchGetImage" -> batchGetImage(in);
                case "BatchDeleteImage" -> batchDeleteImage(in);
                case "PutImage" -> putImage(in);
                case "PutImageTagMutability" -> putImageTagMutability(in);
                case "PutLifecyclePolicy" -> putLifecyclePolicy(in);
                case "GetLifecyclePolicy" -> getLifecyclePolicy(in);
                default -> throw AwsException.client("UnknownOperationException", "The simulator does not implement ECR " + operation);
            };
        }
    }

    private JsonNode createRepository(JsonInput in, RequestContext context) {
        String name = in.required("repositoryName");
        if (name.length() < 2 || name.length() > 256 || !NAME.matcher(name).matches()) {
            throw in.invalid("Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular "
                    + "expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''");
        }
        if (registry.repositories.containsKey(name)) {
            throw AwsException.client("RepositoryAlreadyExistsException", "The repository with name '" + name
                    + "' already exists in the registry with id '" + registry.accountId() + "'");
        }
        String mutability = in.string("imageTagMutability", "MUTABLE");
        requireMutability(in, mutability);
        SimRepository repository = new SimRepository(name, "arn:aws:ecr:" + context.region() + ":" + registry.accountId()
                + ":repository/" + name, registry.accountId(), registry.now());
        repository.tagMutability = mutability;
        JsonInput scanning = in.object("imageScanningConfiguration");
        repository.scanOnPush = scanning != null && scanning.bool("scanOnPush", false);
        JsonInput encryption = in.object("encryptionConfiguration");
        repository.encryptionType = encryption == null ? "AES256" : encryption.string("encryptionType", "AES256");
        repository.kmsKey = encryption == null ? null : encryption.string("kmsKey");
        if (!Set.of("AES256", "KMS").contains(repository.encryptionType)) {
            throw in.invalid("Invalid parameter at 'encryptionType' failed to satisfy constraint: 'Member must satisfy enum value set: [AES256, KMS]'");
        }
        registry.repositories.put(name, repository);
        return json.createObjectNode().set("repository", repository(repository));
    }

    private JsonNode describeRepositories(JsonInput in) {
        List<String> names = in.strings("repositoryNames");
        List<SimRepository> found = new ArrayList<>();
        if (names.isEmpty()) {
            found.addAll(registry.repositories.values());
        } else {
            for (String name : names) {
                found.add(repository(name));
            }
        }
        Pagination.Page<SimRepository> page = Pagination.page(found, in.string("nextToken"), in.integer("maxResults"), 100, 1000, INVALID);
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("repositories");
        page.items().forEach(r -> list.add(repository(r)));
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private JsonNode deleteRepository(JsonInput in) {
        SimRepository repository = repository(in.required("repositoryName"));
        if (!repository.manifests.isEmpty() && !in.bool("force", false)) {
            throw AwsException.client("RepositoryNotEmptyException", "The repository with name '" + repository.name
                    + "' in registry with id '" + registry.accountId() + "' cannot be deleted because it still contains images");
        }
        registry.repositories.remove(repository.name);
        return json.createObjectNode().set("repository", repository(repository));
    }

    private JsonNode authorizationToken() {
        String password = registry.issuePassword();
        ObjectNode out = json.createObjectNode();
        ObjectNode data = out.putArray("authorizationData").addObject();
        data.put("authorizationToken", Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8)));
        data.put("expiresAt", epoch(registry.now().plus(Registry.TOKEN_LIFETIME)));
        data.put("proxyEndpoint", "http://" + registry.host());
        return out;
    }

    private JsonNode describeImages(JsonInput in) {
        SimRepository repository = repository(in.required("repositoryName"));
        List<SimRepository.Manifest> manifests = new ArrayList<>();
        List<JsonNode> ids = list(in.array("imageIds"));
        if (ids.isEmpty()) {
            String status = in.object("filter") == null ? "ANY" : in.object("filter").string("tagStatus", "ANY");
            for (SimRepository.Manifest manifest : repository.manifests.values()) {
                boolean tagged = !repository.tagsOf(manifest.digest()).isEmpty();
                if ("ANY".equals(status) || ("TAGGED".equals(status) == tagged)) {
                    manifests.add(manifest);
                }
            }
        } else {
            for (JsonNode id : ids) {
                SimRepository.Manifest manifest = find(repository, id);
                if (manifest == null) {
                    throw AwsException.client("ImageNotFoundException", "The image with imageId {imageDigest:'"
                            + id.path("imageDigest").asText(null) + "', imageTag:'" + id.path("imageTag").asText(null)
                            + "'} does not exist within the repository with name '" + repository.name
                            + "' in the registry with id '" + registry.accountId() + "'");
                }
                manifests.add(manifest);
            }
        }
        manifests.sort(Comparator.comparing(SimRepository.Manifest::pushedAt));
        Pagination.Page<SimRepository.Manifest> page = Pagination.page(manifests, in.string("nextToken"),
                in.integer("maxResults"), 100, 1000, INVALID);
        ObjectNode out = json.createObjectNode();
        ArrayNode details = out.putArray("imageDetails");
        for (SimRepository.Manifest manifest : page.items()) {
            ObjectNode detail = details.addObject();
            detail.put("registryId", registry.accountId());
            detail.put("repositoryName", repository.name);
            detail.put("imageDigest", manifest.digest());
            ArrayNode tags = detail.putArray("imageTags");
            repository.tagsOf(manifest.digest()).forEach(tags::add);
            detail.put("imageSizeInBytes", manifest.size());
            detail.put("imagePushedAt", epoch(manifest.pushedAt()));
            detail.put("imageManifestMediaType", manifest.mediaType());
            JsonNode config = parse(manifest.body()).path("config").path("mediaType");
            if (!config.isMissingNode()) {
                detail.put("artifactMediaType", config.asText());
            }
            if (repository.scanOnPush) {
                detail.putObject("imageScanStatus").put("status", "COMPLETE").put("description", "The scan was completed successfully.");
                detail.putObject("imageScanFindingsSummary").put("imageScanCompletedAt", epoch(manifest.pushedAt()))
                        .putObject("findingSeverityCounts");
            }
        }
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private JsonNode listImages(JsonInput in) {
        SimRepository repository = repository(in.required("repositoryName"));
        String status = in.object("filter") == null ? "ANY" : in.object("filter").string("tagStatus", "ANY");
        List<ObjectNode> ids = new ArrayList<>();
        for (SimRepository.Manifest manifest : repository.manifests.values()) {
            Set<String> tags = repository.tagsOf(manifest.digest());
            if (tags.isEmpty() && !"TAGGED".equals(status)) {
                ids.add(json.createObjectNode().put("imageDigest", manifest.digest()));
            }
            if (!"UNTAGGED".equals(status)) {
                tags.forEach(tag -> ids.add(json.createObjectNode().put("imageDigest", manifest.digest()).put("imageTag", tag)));
            }
        }
        Pagination.Page<ObjectNode> page = Pagination.page(ids, in.string("nextToken"), in.integer("maxResults"), 100, 1000, INVALID);
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("imageIds");
        page.items().forEach(list::add);
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    /** ECR's failure entry for an image id that names no image of the repository. */
    private static void imageNotFound(ArrayNode failures, JsonNode id) {
        failures.addObject().<ObjectNode>set("imageId", id.deepCopy()).put("failureCode", "ImageNotFound")
                .put("failureReason", "Requested image not found");
    }

    private JsonNode batchGetImage(JsonInput in) {
        SimRepository repository = repository(in.required("repositoryName"));
        ObjectNode out = json.createObjectNode();
        ArrayNode images = out.putArray("images");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode id : list(in.array("imageIds"))) {
            SimRepository.Manifest manifest = find(repository, id);
            if (manifest == null) {
                imageNotFound(failures, id);
                continue;
            }
            ObjectNode image = images.addObject();
            image.put("registryId", registry.accountId());
            image.put("repositoryName", repository.name);
            ObjectNode imageId = image.putObject("imageId").put("imageDigest", manifest.digest());
            if (id.hasNonNull("imageTag")) {
                imageId.put("imageTag", id.get("imageTag").asText());
            }
            image.put("imageManifest", new String(manifest.body(), StandardCharsets.UTF_8));
            image.put("imageManifestMediaType", manifest.mediaType());
        }
        return out;
    }

    private JsonNode batchDeleteImage(JsonInput in) {
        SimRepository repository = repository(in.required("repositoryName"));
        ObjectNode out = json.createObjectNode();
        ArrayNode deleted = out.putArray("imageIds");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode id : list(in.array("imageIds"))) {
            SimRepository.Manifest manifest = find(repository, id);
            if (manifest == null) {
                imageNotFound(failures, id);
                continue;
            }
            if (id.hasNonNull("imageTag") && !id.hasNonNull("imageDigest")) {
                repository.tags.remove(id.get("imageTag").asText());
                deleted.addObject().put("imageDigest", manifest.digest()).put("imageTag", id.get("imageTag").asText());
                if (repository.tagsOf(manifest.digest()).isEmpty()) {
                    repository.manifests.remove(manifest.digest());
                }
            } else {
                for (String tag : repository.tagsOf(manifest.digest())) {
                    repository.tags.remove(tag);
                    deleted.addObject().put("imageDigest", manifest.digest()).put("imageTag", tag);
                }
                repository.manifests.remove(manifest.digest());
                if (deleted.isEmpty() || !deleted.get(deleted.size() - 1).has("imageTag")) {
                    deleted.addObject().put("imageDigest", manifest.digest());
                }
            }
        }
        return out;
    }

    private JsonNode putImage(JsonInput in) {
        SimRepository repository = repository(in.required("repositoryName"));
        String body = in.required("imageManifest");
        String tag = in.string("imageTag");
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw in.invalid("Invalid parameter at 'imageTag' failed to satisfy constraint: 'must satisfy regular expression '[a-zA-Z0-9-_.]+''");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String digest = BlobStore.digestOf(bytes);
        if (in.has("imageDigest") && !digest.equals(in.string("imageDigest"))) {
            throw AwsException.client("ImageDigestDoesNotMatchException", "Invalid parameter at 'imageDigest': digest "
                    + digest + " calculated for the manifest does not match the provided imageDigest");
        }
        SimRepository.Manifest existing = repository.manifests.get(digest);
        if (tag != null && repository.tags.containsKey(tag)) {
            if (repository.immutable() || repository.tags.get(tag).equals(digest)) {
                throw AwsException.client(repository.tags.get(tag).equals(digest) ? "ImageAlreadyExistsException"
                        : "ImageTagAlreadyExistsException", repository.tags.get(tag).equals(digest)
                        ? "Image with digest '" + digest + "' and tag '" + tag + "' already exists in the repository with name '"
                        + repository.name + "' in registry with id '" + registry.accountId() + "'"
                        : "The image tag '" + tag + "' already exists in the '" + repository.name
                        + "' repository and cannot be overwritten because the repository is immutable.");
            }
        }
        JsonNode manifest = parse(bytes);
        requireReferences(repository, manifest);
        String mediaType = in.string("imageManifestMediaType", manifest.path("mediaType").asText("application/vnd.docker.distribution.manifest.v2+json"));
        if (existing == null) {
            long size = 0;
            for (JsonNode layer : manifest.path("layers")) {
                size += layer.path("size").asLong();
            }
            repository.manifests.put(digest, new SimRepository.Manifest(digest, mediaType, bytes, registry.now(), size));
        }
        if (tag != null) {
            repository.tags.put(tag, digest);
        }
        ObjectNode out = json.createObjectNode();
        ObjectNode image = out.putObject("image");
        image.put("registryId", registry.accountId());
        image.put("repositoryName", repository.name);
        ObjectNode id = image.putObject("imageId").put("imageDigest", digest);
        if (tag != null) {
            id.put("imageTag", tag);
        }
        image.put("imageManifest", body);
        image.put("imageManifestMediaType", mediaType);
        return out;
    }

    /**
     * Every image an index names must be in the repository, and every blob (config and layers) a
     * manifest names, as ECR refuses them.
     */
    private void requireReferences(SimRepository repository, JsonNode manifest) {
        if (manifest.has("manifests")) {
            for (JsonNode child : manifest.path("manifests")) {
                String digest = child.path("digest").asText();
                if (!repository.manifests.containsKey(digest)) {
                    throw AwsException.client("ReferencedImagesNotFoundException", "Image with digest '" + digest
                            + "' referenced by the manifest list does not exist in the repository with name '"
                            + repository.name + "' in the registry with id '" + registry.accountId() + "'");
                }
            }
            return;
        }
        List<String> missing = new ArrayList<>();
        List<JsonNode> blobs = new ArrayList<>();
        if (manifest.has("config")) {
            blobs.add(manifest.path("config"));
        }
        manifest.path("layers").forEach(blobs::add);
        for (JsonNode blob : blobs) {
            String digest = blob.path("digest").asText();
            if (!BlobStore.isDigest(digest) || !repository.blobs.contains(digest) || !registry.blobs.has(digest)) {
                missing.add(digest);
            }
        }
        if (!missing.isEmpty()) {
            throw AwsException.client("LayersNotFoundException", "Layers with digests '" + missing
                    + "' required for pushing image into repository with name '" + repository.name
                    + "' in the registry with id '" + registry.accountId() + "' do not exist");
        }
    }

    private JsonNode putImageTagMutability(JsonInput in) {
        SimRepository repository = repository(in.required("repositoryName"));
        String mutability = in.required("imageTagMutability");
        requireMutability(in, mutability);
        repository.tagMutability = mutability;
        return json.createObjectNode().put("registryId", registry.accountId()).put("repositoryName", repository.name)
                .put("imageTagMutability", mutability);
    }

    private JsonNode putLifecyclePolicy(JsonInput in) {
        SimRepository repository = repository(in.required("repositoryName"));
        String text = in.required("lifecyclePolicyText");
        JsonNode policy;
        try {
            policy = json.readTree(text);
        } catch (java.io.IOException e) {
            throw in.invalid("Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: "
                    + "could not parse the policy as JSON'");
        }
        if (!policy.path("rules").isArray() || policy.path("rules").isEmpty()) {
            throw in.invalid("Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: "
                    + "object has missing required properties ([\"rules\"])'");
        }
        repository.lifecyclePolicy = text;
        return json.createObjectNode().put("registryId", registry.accountId()).put("repositoryName", repository.name)
                .put("lifecyclePolicyText", text);
    }

    private JsonNode getLifecyclePolicy(JsonInput in) {
        SimRepository repository = repository(in.required("repositoryName"));
        if (repository.lifecyclePolicy == null) {
            throw AwsException.client("LifecyclePolicyNotFoundException", "Lifecycle policy does not exist for the repository with name '"
                    + repository.name + "' in the registry with id '" + registry.accountId() + "'");
        }
        return json.createObjectNode().put("registryId", registry.accountId()).put("repositoryName", repository.name)
                .put("lifecyclePolicyText", repository.lifecyclePolicy);
    }

    // ---- helpers ----

    private SimRepository repository(String name) {
        SimRepository repository = registry.repositories.get(name);
        if (repository == null) {
            throw AwsException.client("RepositoryNotFoundException", "The repository with name '" + name
                    + "' does not exist in the registry with id '" + registry.accountId() + "'");
        }
        return repository;
    }

    private ObjectNode repository(SimRepository repository) {
        ObjectNode node = json.createObjectNode();
        node.put("repositoryArn", repository.arn);
        node.put("registryId", repository.registryId);
        node.put("repositoryName", repository.name);
        node.put("repositoryUri", registry.host() + "/" + repository.name);
        node.put("createdAt", epoch(repository.createdAt));
        node.put("imageTagMutability", repository.tagMutability);
        node.putObject("imageScanningConfiguration").put("scanOnPush", repository.scanOnPush);
        ObjectNode encryption = node.putObject("encryptionConfiguration").put("encryptionType", repository.encryptionType);
        if (repository.kmsKey != null) {
            encryption.put("kmsKey", repository.kmsKey);
        }
        return node;
    }

    private static SimRepository.Manifest find(SimRepository repository, JsonNode id) {
        String digest = id.path("imageDigest").asText(null);
        String tag = id.path("imageTag").asText(null);
        if (digest == null && tag != null) {
            digest = repository.tags.get(tag);
        }
        if (digest == null || tag != null && !digest.equals(repository.tags.get(tag))) {
            return null;
        }
        return repository.manifests.get(digest);
    }

    private static void requireMutability(JsonInput in, String mutability) {
        if (!Set.of("MUTABLE", "IMMUTABLE").contains(mutability)) {
            throw in.invalid("Invalid parameter at 'imageTagMutability' failed to satisfy constraint: "
                    + "'Member must satisfy enum value set: [IMMUTABLE, MUTABLE]'");
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (java.io.IOException e) {
            throw AwsException.client(INVALID, "Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Invalid JSON syntax'");
        }
    }

    private static List<JsonNode> list(ArrayNode array) {
        List<JsonNode> values = new ArrayList<>();
        if (array != null) {
            array.forEach(values::add);
        }
        return values;
    }

    private static BigDecimal epoch(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }
}
