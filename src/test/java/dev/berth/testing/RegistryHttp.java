package dev.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Raw calls to a registry's distribution API, as a client library would make them, for protocol tests. */
public final class RegistryHttp {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    /** @param host the registry's host:port; {@code user}/{@code password} null for no Authorization header */
    public RegistryHttp(String host, String user, String password) {
        this.base = "http://" + host;
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> send(String method, String pathOrUrl, byte[] body, String contentType) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        // without Accept, the distribution registry may convert manifests to an older schema
        request.header("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
                + "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, "
                + "application/vnd.oci.image.index.v1+json");
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    /** Uploads a blob in one request (POST with ?digest=). */
    public HttpResponse<String> uploadMonolithic(String repository, byte[] content) {
        return send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest(content), content,
                "application/octet-stream");
    }

    /** A location from an upload answer, made absolute. */
    public String location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.startsWith("http") ? location : base + location;
    }

    /** Puts a manifest; the digest of what was sent is what the registry must report. */
    public HttpResponse<String> putManifest(String repository, String reference, String manifest, String mediaType) {
        return send("PUT", "/v2/" + repository + "/manifests/" + reference, manifest.getBytes(StandardCharsets.UTF_8), mediaType);
    }

    /** A Docker v2 schema 2 manifest of one config and one layer. */
    public static String dockerManifest(byte[] config, byte[] layer) {
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length
                + ",\"digest\":\"" + digest(config) + "\"},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + layer.length + ",\"digest\":\""
                + digest(layer) + "\"}]}";
    }

    /** The same image as an OCI manifest. */
    public static String ociManifest(byte[] config, byte[] layer) {
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":" + config.length
                + ",\"digest\":\"" + digest(config) + "\"},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"size\":" + layer.length + ",\"digest\":\""
                + digest(layer) + "\"}]}";
    }
}
