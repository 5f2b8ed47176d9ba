package dev.berth.engine.deploy;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An ECR with repositories by name (each with its URI) and, per repository, tags and digests it holds. */
final class FakeEcr implements EcrClient {
    final Map<String, String> repositories;
    final Map<String, String> images; // "name:tag" or "name@digest" -> digest
    final List<String> calls = new ArrayList<>();
    boolean throttled;

    FakeEcr(Map<String, String> repositories, Map<String, String> images) {
        this.repositories = repositories;
        this.images = images;
    }

    @Override
    public DescribeRepositoriesResponse describeRepositories(DescribeRepositoriesRequest request) {
        String name = request.repositoryNames().get(0);
        calls.add("DescribeRepositories " + name);
        if (throttled) {
            throw EcrException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("ThrottlingException").errorMessage("Rate exceeded").build()).build();
        }
        String uri = repositories.get(name);
        if (uri == null) {
            throw RepositoryNotFoundException.builder().message("not found").build();
        }
        return DescribeRepositoriesResponse.builder().repositories(Repository.builder().repositoryName(name)
                .repositoryUri(uri).build()).build();
    }

    @Override
    public DescribeImagesResponse describeImages(DescribeImagesRequest request) {
        var id = request.imageIds().get(0);
        String key = request.repositoryName() + (id.imageDigest() != null ? "@" + id.imageDigest() : ":" + id.imageTag());
        calls.add("DescribeImages " + key);
        String digest = images.get(key);
        if (digest == null) {
            throw ImageNotFoundException.builder().message("not found").build();
        }
        return DescribeImagesResponse.builder().imageDetails(ImageDetail.builder().imageDigest(digest).build()).build();
    }

    @Override
    public String serviceName() {
        return "ecr";
    }

    @Override
    public void close() {
    }
}
