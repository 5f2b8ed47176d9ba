package dev.berth.sim.ecr;

import dev.berth.sim.SimClock;
import dev.berth.sim.ecs.ImageRegistry;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The registry behind ECR in the simulator: repositories, their manifests, tags and blobs, and
 * the passwords GetAuthorizationToken hands out. ECS asks it which images exist.
 */
public final class Registry implements ImageRegistry, AutoCloseable {
    static final Duration TOKEN_LIFETIME = Duration.ofHours(12);
    private static final Pattern ECR_HOST = Pattern.compile("\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

    final BlobStore blobs = new BlobStore();
    final Map<String, SimRepository> repositories = new LinkedHashMap<>();
    private final Map<String, Instant> passwords = new LinkedHashMap<>();
    private final SimClock clock;
    private final String accountId;
    private final Supplier<String> host;
    private final SecureRandom random = new SecureRandom();
    final AtomicLong blobBytesReceived = new AtomicLong();
    final AtomicLong blobsReceived = new AtomicLong();

    public Registry(SimClock clock, String accountId, Supplier<String> host) {
        this.clock = clock;
        this.accountId = accountId;
        this.host = host;
    }

    /** The registry's host as clients write it, e.g. {@code 127.0.0.1:4566}. */
    public String host() {
        return host.get();
    }

    public String accountId() {
        return accountId;
    }

    Instant now() {
        return clock.now();
    }

    /** Layer and config bytes received by blob uploads, for measuring what a push sent. */
    public long blobBytesReceived() {
        return blobBytesReceived.get();
    }

    public long blobsReceived() {
        return blobsReceived.get();
    }

    // ---- credentials ----

    /** A new password for user AWS, valid for twelve hours of simulated time. */
    synchronized String issuePassword() {
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        passwords.put(password, clock.now().plus(TOKEN_LIFETIME));
        return password;
    }

    /** Every password handed out so far, so that tests can check none leaks into logs or process lists. */
    public synchronized java.util.Set<String> issuedPasswords() {
        return java.util.Set.copyOf(passwords.keySet());
    }

    synchronized boolean accepts(String user, String password) {
        Instant expires = passwords.get(password);
        return "AWS".equals(user) && expires != null && clock.now().isBefore(expires);
    }

    // ---- what ECS asks ----

    @Override
    public boolean manages(String image) {
        return ImageReference.parse(image).map(this::isOurs).orElse(false);
    }

    @Override
    public synchronized Optional<String> resolve(String image) {
        Optional<ImageReference> parsed = ImageReference.parse(image);
        if (parsed.isEmpty() || !isOurs(parsed.get())) {
            return Optional.empty();
        }
        SimRepository repository = repositories.get(parsed.get().name());
        if (repository == null) {
            return Optional.empty();
        }
        String digest = parsed.get().digest() != null ? parsed.get().digest() : repository.tags.get(parsed.get().tag());
        return digest != null && repository.manifests.containsKey(digest) ? Optional.of(digest) : Optional.empty();
    }

    private boolean isOurs(ImageReference reference) {
        String h = reference.host();
        String ours = host.get();
        String port = ours.substring(ours.lastIndexOf(':') + 1);
        return h.equals(ours) || h.equals("localhost:" + port) || ECR_HOST.matcher(h).matches()
                && h.startsWith(accountId + ".");
    }

    @Override
    public void close() {
        blobs.close();
    }
}
