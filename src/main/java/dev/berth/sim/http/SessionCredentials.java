package dev.berth.sim.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary credentials STS handed out, and until when each is good. Expiry is on the wall
 * clock, as the client judges it, whatever the simulator's speed: a request signed with an expired
 * session is refused as AWS refuses it, so clients must refresh in time.
 */
public final class SessionCredentials {
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Clock wall;
    private final Duration longest;

    /** @param longest the longest session handed out, whatever the client asks; zero for no cap */
    public SessionCredentials(Clock wall, Duration longest) {
        this.wall = wall;
        this.longest = longest;
    }

    /** Records a session asked for {@code requested}; returns when it expires. */
    public Instant issue(String accessKeyId, Duration requested) {
        Duration lifetime = longest.isZero() || requested.compareTo(longest) < 0 ? requested : longest;
        Instant expires = wall.instant().plus(lifetime);
        expiries.put(accessKeyId, expires);
        return expires;
    }

    /** Whether the key is a session that has expired (keys STS did not issue are long-term ones). */
    public boolean expired(String accessKeyId) {
        Instant expires = accessKeyId == null ? null : expiries.get(accessKeyId);
        return expires != null && !wall.instant().isBefore(expires);
    }
}
