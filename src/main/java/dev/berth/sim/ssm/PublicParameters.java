package dev.berth.sim.ssm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public parameters AWS publishes under {@code /aws/service/} that ECS templates read: the
 * ECS-optimized and Amazon Linux AMIs. Each region gets its own plausible, stable AMI id.
 */
final class PublicParameters {
    private static final Instant PUBLISHED = Instant.parse("2026-11-20T18:04:11Z");
    private static final List<String> IMAGE_IDS = List.of(
            "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id",
            "/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended/image_id",
            "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
            "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
            "/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2",
            "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
            "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");

    private PublicParameters() {
    }

    static Map<String, SsmParameter> of(String region) {
        Map<String, SsmParameter> parameters = new LinkedHashMap<>();
        for (String name : IMAGE_IDS) {
            String ami = amiId(region, name);
            parameters.put(name, new SsmParameter(name, "String", ami, 112, PUBLISHED, "text", null));
            if (name.endsWith("/recommended/image_id")) {
                String parent = name.substring(0, name.length() - "/image_id".length());
                String json = "{\"ecs_agent_version\":\"1.89.1\",\"ecs_runtime_version\":\"Docker version 25.0.8\","
                        + "\"image_id\":\"" + ami + "\",\"image_name\":\"" + imageName(name) + "\",\"os\":\"Amazon Linux "
                        + (name.contains("2023") ? "2023" : "2") + "\",\"schema_version\":1,\"source_image_name\":\""
                        + imageName(name).replace("ecs-", "") + "\"}";
                parameters.put(parent, new SsmParameter(parent, "String", json, 112, PUBLISHED, "text", null));
            }
        }
        return parameters;
    }

    private static String imageName(String name) {
        String arch = name.contains("arm64") ? "arm64" : "x86_64";
        return name.contains("2023") ? "al2023-ami-ecs-hvm-2023.0.20261119-kernel-6.1-" + arch
                : "amzn2-ami-ecs-hvm-2.0.20261119-" + arch + "-ebs";
    }

    /** ami- and 17 hex digits, derived from the region and the name so that it stays the same between runs. */
    static String amiId(String region, String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((region + "|" + name).getBytes(StandardCharsets.UTF_8));
            return "ami-0" + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
