package dev.berth.sim.s3;

import dev.berth.testing.RawHttp;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S3 on the wire, as a stranger sends it: virtual-host requests to {@code bucket.localhost}, keys that
 * look like paths, bad escapes, unsigned calls and operations the simulator does not serve.
 */
class S3WireTest {
    private static final String AUTH = "Authorization: AWS4-HMAC-SHA256 Credential=test/20261207/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host, Signature=0000\r\n";
    private static SimFixture sim;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(10);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static RawHttp.Answer call(String method, String target, String host, String body) throws IOException {
        return RawHttp.script().send(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + AUTH
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body).run(sim.server().port(), 10_000);
    }

    private static String local() {
        return "127.0.0.1:" + sim.server().port();
    }

    @Test
    void aVirtualHostRequestNamesItsBucketInTheHost() throws IOException {
        assertThat(call("PUT", "/wire-bucket", local(), "").status()).isEqualTo(200);
        assertThat(call("PUT", "/notes/today.txt", "wire-bucket.localhost:" + sim.server().port(), "hello").status()).isEqualTo(200);
        RawHttp.Answer read = call("GET", "/wire-bucket/notes/today.txt", local(), "");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("hello");
        assertThat(call("GET", "/notes/today.txt", "Not_A_Bucket.localhost", "").code()).isEqualTo("InvalidBucketName");
    }

    @Test
    void keysThatLookLikePathsAreKeysAndBadEscapesAreRefused() throws IOException {
        assertThat(call("PUT", "/path-bucket", local(), "").status()).isEqualTo(200);
        assertThat(call("PUT", "/path-bucket/..%2F..%2Fetc%2Fpasswd", local(), "x").status()).isEqualTo(200);
        assertThat(sim.server().s3().find("path-bucket", "../../etc/passwd")).isPresent();
        // not a URI at all: the port refuses it before S3 sees it
        RawHttp.Answer notUri = call("GET", "/path-bucket/%zz", local(), "");
        assertThat(notUri.status()).isEqualTo(400);
        assertThat(notUri.code()).isEqualTo("BadRequest");
        assertThat(call("GET", "/path-bucket/%C3%28", local(), "").code()).isEqualTo("InvalidURI");
        assertThat(call("GET", "/path-bucket/" + "k".repeat(1025), local(), "").code()).isEqualTo("KeyTooLongError");
        RawHttp.Answer listing = call("GET", "/path-bucket?list-type=2&encoding-type=url", local(), "");
        assertThat(listing.body()).contains("<Key>..%2F..%2Fetc%2Fpasswd</Key>").startsWith("<?xml");
    }

    @Test
    void whatTheSimulatorDoesNotServeIsNamed() throws IOException {
        assertThat(call("PUT", "/other-bucket", local(), "").status()).isEqualTo(200);
        RawHttp.Answer acl = call("GET", "/other-bucket?acl", local(), "");
        assertThat(acl.status()).isEqualTo(501);
        assertThat(acl.code()).isEqualTo("NotImplemented");
        assertThat(acl.body()).contains("GET ?acl");
        assertThat(call("POST", "/other-bucket/big?uploads", local(), "").code()).isEqualTo("NotImplemented");
        assertThat(call("POST", "/other-bucket", local(), "").code()).isEqualTo("MethodNotAllowed");
        assertThat(call("PUT", "/other-bucket", local(), "<CreateBucketConfiguration><LocationConstraint>").code())
                .isEqualTo("MalformedXML");
        RawHttp.Answer unsigned = RawHttp.script().send("GET /other-bucket HTTP/1.1\r\nHost: " + local()
                + "\r\nConnection: close\r\n\r\n").run(sim.server().port(), 10_000);
        assertThat(unsigned.status()).isGreaterThanOrEqualTo(400);
    }
}
