package dev.berth.sim.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OCI distribution API under {@code /v2/}, as ECR serves it: basic auth with the password of
 * an ECR authorization token, blobs (HEAD, GET, monolithic and chunked uploads, cross-repository
 * mounts), manifests (Docker v2 schema 2, OCI, lists and indexes) and tags. Digests are verified;
 * manifests must reference blobs the repository has; immutable tags cannot be moved.
 */
public final class RegistryHandler implements HttpHandler {
    private static final String API_VERSION = "registry/2.0";
    private static final Pattern UPLOADS = Pattern.compile("(.+)/blobs/uploads/?([^/]*)");
    private static final Pattern MANIFESTS = Pattern.compile("(.+)/manifests/([^/]+)");
    private static final Pattern BLOBS = Pattern.compile("(.+)/blobs/([^/]+)");
    private static final Pattern TAGS = Pattern.compile("(.+)/tags/list");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    private final Registry registry;
    private final ObjectMapper json;

    public RegistryHandler(Registry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().add("Docker-Distribution-API-Version", API_VERSION);
            if (!authorized(exchange)) {
                drain(exchange);
                exchange.getResponseHeaders().add("WWW-Authenticate",
                        "Basic realm=\"https://" + registry.host() + "/\",service=\"ecr.amazonaws.com\"");
                error(exchange, 401, "DENIED", "Not Authorized");
                return;
            }
            try {
                route(exchange);
            } catch (RegistryError e) {
                drain(exchange);
                error(exchange, e.status, e.code, e.getMessage());
            } catch (RuntimeException e) {
                drain(exchange);
                error(exchange, 500, "UNKNOWN", "the registry failed: " + e);
            }
        }
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon > 0 && registry.accepts(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/v2/") || path.equals("/v2")) {
            send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (path.equals("/v2/_catalog")) {
            catalog(exchange);
            return;
        }
        String rest = path.substring("/v2/".length());
        // the route is read from the end: repository names may themselves contain "manifests" or "blobs"
        Matcher match;
        if ((match = UPLOADS.matcher(rest)).matches()) {
            uploads(exchange, method, repository(match.group(1)), match.group(2));
        } else if ((match = MANIFESTS.matcher(rest)).matches()) {
            manifests(exchange, method, repository(match.group(1)), decode(match.group(2)));
        } else if ((match = BLOBS.matcher(rest)).matches()) {
            blobs(exchange, method, repository(match.group(1)), decode(match.group(2)));
        } else if ((match = TAGS.matcher(rest)).matches()) {
            tags(exchange, repository(match.group(1)));
        } else {
            throw new RegistryError(404, "NAME_UNKNOWN", "Unknown registry path " + path);
        }
    }

    private SimRepository repository(String name) {
        synchronized (registry) {
            SimRepository repository = registry.repositories.get(name);
            if (repository == null) {
                throw new RegistryError(404, "NAME_UNKNOWN", "The repository with name '" + name
                        + "' does not exist in the registry with id '" + registry.accountId() + "'");
            }
            return repository;
        }
    }

    // ---- blobs ----

    private void blobs(HttpExchange exchange, String method, SimRepository repository, String digest) throws IOException {
        if (!BlobStore.isDigest(digest)) {
            throw new RegistryError(400, "DIGEST_INVALID", "invalid digest: " + printable(digest));
        }
        boolean linked;
        synchronized (registry) {
            linked = repository.blobs.contains(digest) && registry.blobs.has(digest);
        }
        if (!linked) {
            throw new RegistryError(404, "BLOB_UNKNOWN", "blob unknown to registry: " + digest);
        }
        exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
        switch (method) {
            case "HEAD" -> {
                exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                exchange.getResponseHeaders().add("Content-Length", String.valueOf(registry.blobs.size(digest)));
                exchange.sendResponseHeaders(200, -1);
            }
            case "GET" -> {
                exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, registry.blobs.size(digest));
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(registry.blobs.blob(digest), out);
                }
            }
            case "DELETE" -> {
                synchronized (registry) {
                    repository.blobs.remove(digest);
                }
                exchange.sendResponseHeaders(202, -1);
            }
            default -> throw new RegistryError(405, "UNSUPPORTED", "method " + method + " is not allowed on blobs");
        }
    }

    private void uploads(HttpExchange exchange, String method, SimRepository repository, String uuid) throws IOException {
        Map<String, String> query = query(exchange);
        if (uuid.isEmpty()) {
            if (!"POST".equals(method)) {
                throw new RegistryError(405, "UNSUPPORTED", "start an upload with POST");
            }
            String mount = query.get("mount");
            if (mount != null) {
                synchronized (registry) {
                    SimRepository from = registry.repositories.get(query.getOrDefault("from", ""));
                    if (from != null && from.blobs.contains(mount) && registry.blobs.has(mount)) {
                        repository.blobs.add(mount);
                        exchange.getResponseHeaders().add("Location", "/v2/" + repository.name + "/blobs/" + mount);
                        exchange.getResponseHeaders().add("Docker-Content-Digest", mount);
                        exchange.sendResponseHeaders(201, -1);
                        return;
                    }
                }
            }
            String id = UUID.randomUUID().toString();
            registry.blobs.startUpload(id);
            String digest = query.get("digest");
            if (digest != null) {
                receive(exchange, id);
                complete(exchange, repository, id, digest);
                return;
            }
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            accepted(exchange, repository, id, 0);
            return;
        }
        if (!BlobStore.isUploadId(uuid) || !registry.blobs.uploadExists(uuid)) {
            throw new RegistryError(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
        }
        switch (method) {
            case "PATCH" -> accepted(exchange, repository, uuid, receive(exchange, uuid));
            case "PUT" -> {
                String digest = query.get("digest");
                if (digest == null) {
                    throw new RegistryError(400, "DIGEST_INVALID", "digest is required to complete an upload");
                }
                receive(exchange, uuid);
                complete(exchange, repository, uuid, digest);
            }
            case "GET" -> {
                exchange.getResponseHeaders().add("Range", "0-" + Math.max(0, registry.blobs.uploadSize(uuid) - 1));
                exchange.getResponseHeaders().add("Docker-Upload-UUID", uuid);
                exchange.sendResponseHeaders(204, -1);
            }
            case "DELETE" -> {
                registry.blobs.cancel(uuid);
                exchange.sendResponseHeaders(204, -1);
            }
            default -> throw new RegistryError(405, "UNSUPPORTED", "method " + method + " is not allowed on uploads");
        }
    }

    private long receive(HttpExchange exchange, String uuid) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            long before = registry.blobs.uploadSize(uuid);
            long after = registry.blobs.append(uuid, body);
            registry.blobBytesReceived.addAndGet(after - before);
            return after;
        }
    }

    private void complete(HttpExchange exchange, SimRepository repository, String uuid, String digest) throws IOException {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            registry.blobs.cancel(uuid);
            throw new RegistryError(400, "DIGEST_INVALID", "provided digest did not match uploaded content");
        }
        if (registry.blobs.finish(uuid, digest) == null) {
            throw new RegistryError(400, "DIGEST_INVALID", "provided digest did not match uploaded content");
        }
        synchronized (registry) {
            repository.blobs.add(digest);
        }
        registry.blobsReceived.incrementAndGet();
        exchange.getResponseHeaders().add("Location", "/v2/" + repository.name + "/blobs/" + digest);
        exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
        exchange.sendResponseHeaders(201, -1);
    }

    private void accepted(HttpExchange exchange, SimRepository repository, String uuid, long size) throws IOException {
        exchange.getResponseHeaders().add("Location", "/v2/" + repository.name + "/blobs/uploads/" + uuid);
        exchange.getResponseHeaders().add("Range", "0-" + Math.max(0, size - 1));
        exchange.getResponseHeaders().add("Docker-Upload-UUID", uuid);
        exchange.sendResponseHeaders(202, -1);
    }

    // ---- manifests and tags ----

    private void manifests(HttpExchange exchange, String method, SimRepository repository, String reference) throws IOException {
        if (!BlobStore.isDigest(reference) && !TAG.matcher(reference).matches()) {
            throw new RegistryError(400, "PUT".equals(method) ? "TAG_INVALID" : "MANIFEST_INVALID",
                    "invalid reference: " + printable(reference));
        }
        switch (method) {
            case "PUT" -> putManifest(exchange, repository, reference);
            case "GET", "HEAD" -> {
                SimRepository.Manifest manifest;
                synchronized (registry) {
                    String digest = reference.startsWith("sha256:") ? reference : repository.tags.get(reference);
                    manifest = digest == null ? null : repository.manifests.get(digest);
                }
                if (manifest == null) {
                    throw new RegistryError(404, "MANIFEST_UNKNOWN", "Requested image not found");
                }
                exchange.getResponseHeaders().add("Docker-Content-Digest", manifest.digest());
                exchange.getResponseHeaders().add("Content-Type", manifest.mediaType());
                if ("HEAD".equals(method)) {
                    exchange.getResponseHeaders().add("Content-Length", String.valueOf(manifest.body().length));
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    send(exchange, 200, manifest.mediaType(), manifest.body());
                }
            }
            case "DELETE" -> {
                synchronized (registry) {
                    if (!reference.startsWith("sha256:") || repository.manifests.remove(reference) == null) {
                        throw new RegistryError(404, "MANIFEST_UNKNOWN", "Requested image not found");
                    }
                    repository.tags.values().removeIf(reference::equals);
                }
                exchange.sendResponseHeaders(202, -1);
            }
            default -> throw new RegistryError(405, "UNSUPPORTED", "method " + method + " is not allowed on manifests");
        }
    }

    private void putManifest(HttpExchange exchange, SimRepository repository, String reference) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String digest = BlobStore.digestOf(body);
        if (reference.startsWith("sha256:") && !reference.equals(digest)) {
            throw new RegistryError(400, "DIGEST_INVALID", "provided digest did not match uploaded content");
        }
        JsonNode manifest;
        try {
            manifest = json.readTree(body);
        } catch (IOException e) {
            throw new RegistryError(400, "MANIFEST_INVALID", "manifest invalid: " + e.getMessage());
        }
        String mediaType = manifest.path("mediaType").asText(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        synchronized (registry) {
            long size = checkReferences(repository, manifest);
            if (!reference.startsWith("sha256:")) {
                String current = repository.tags.get(reference);
                if (current != null && !current.equals(digest) && repository.immutable()) {
                    throw new RegistryError(400, "TAG_INVALID", "The image tag '" + reference + "' already exists in the '"
                            + repository.name + "' repository and cannot be overwritten because the repository is immutable.");
                }
            }
            SimRepository.Manifest existing = repository.manifests.get(digest);
            repository.manifests.put(digest, existing != null ? existing
                    : new SimRepository.Manifest(digest, mediaType, body, registry.now(), size));
            if (!reference.startsWith("sha256:")) {
                repository.tags.put(reference, digest);
            }
        }
        exchange.getResponseHeaders().add("Location", "/v2/" + repository.name + "/manifests/" + digest);
        exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
        exchange.sendResponseHeaders(201, -1);
    }

    /** Every blob or manifest a manifest names must be in the repository; returns the image's size. */
    private long checkReferences(SimRepository repository, JsonNode manifest) {
        if (manifest.path("schemaVersion").asInt() != 2) {
            throw new RegistryError(400, "MANIFEST_INVALID", "manifest invalid: only schemaVersion 2 is supported");
        }
        long size = 0;
        if (manifest.has("manifests")) {
            for (JsonNode child : manifest.path("manifests")) {
                String digest = child.path("digest").asText();
                if (!repository.manifests.containsKey(digest)) {
                    throw new RegistryError(400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry: " + digest);
                }
                size += repository.manifests.get(digest).size();
            }
            return size;
        }
        JsonNode config = manifest.path("config");
        if (!config.isMissingNode()) {
            requireBlob(repository, config.path("digest").asText());
        }
        for (JsonNode layer : manifest.path("layers")) {
            String digest = layer.path("digest").asText();
            requireBlob(repository, digest);
            size += layer.path("size").asLong(registry.blobs.size(digest));
        }
        return size;
    }

    private void requireBlob(SimRepository repository, String digest) {
        if (!repository.blobs.contains(digest) || !registry.blobs.has(digest)) {
            throw new RegistryError(400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry: " + digest);
        }
    }

    private void tags(HttpExchange exchange, SimRepository repository) throws IOException {
        ObjectNode node = json.createObjectNode();
        node.put("name", repository.name);
        ArrayNode list = node.putArray("tags");
        synchronized (registry) {
            repository.tags.keySet().forEach(list::add);
        }
        send(exchange, 200, "application/json", json.writeValueAsBytes(node));
    }

    private void catalog(HttpExchange exchange) throws IOException {
        ObjectNode node = json.createObjectNode();
        ArrayNode list = node.putArray("repositories");
        synchronized (registry) {
            registry.repositories.keySet().forEach(list::add);
        }
        send(exchange, 200, "application/json", json.writeValueAsBytes(node));
    }

    // ---- plumbing ----

    /** Reads what is left of the request body, if anything, so that the answer can be sent. */
    private static void drain(HttpExchange exchange) {
        try {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the body was read already: nothing is left to drain
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> values = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return values;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RegistryError(400, "UNSUPPORTED", "malformed percent-encoding: " + printable(text));
        }
    }

    /** Client text echoed in an error: printable ASCII only, at most 100 characters. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 100; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    private void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        ObjectNode node = json.createObjectNode();
        node.putArray("errors").addObject().put("code", code).put("message", message);
        send(exchange, status, "application/json", json.writeValueAsBytes(node));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A failure answered in the distribution API's error format. */
    private static final class RegistryError extends RuntimeException {
        final int status;
        final String code;

        RegistryError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
