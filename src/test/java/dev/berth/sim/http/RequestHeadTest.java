package dev.berth.sim.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request heads are read strictly: what two servers could read differently is refused. */
class RequestHeadTest {
    private static RequestHead parse(String head) throws FrontError {
        return RequestHead.parse(head.replace("|", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aWellFormedHeadIsReadWithItsFraming() throws FrontError {
        RequestHead head = parse("POST /v2/a/blobs/uploads/?x=1 HTTP/1.1|Host: h|Content-Length: 12|Connection: close||");
        assertThat(head.path()).isEqualTo("/v2/a/blobs/uploads/");
        assertThat(head.framing()).isEqualTo(12);
        assertThat(head.wantsClose()).isTrue();
        assertThat(parse("POST / HTTP/1.1|Host: h|Transfer-Encoding: chunked||").framing()).isEqualTo(-1);
        assertThat(parse("GET / HTTP/1.0||").wantsClose()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "GET / HTTP/1.1|Host: h|Content-Length: 1|Content-Length: 2||; 400",
            "GET / HTTP/1.1|Host: h|Content-Length: 1|Transfer-Encoding: chunked||; 400",
            "GET / HTTP/1.1|Host: h|Transfer-Encoding: gzip, chunked||; 501",
            "GET / HTTP/1.1|Host: h|Content-Length: +1||; 400",
            "GET / HTTP/1.1|Host: h|X:  a| b||; 400",
            "GET / HTTP/3.0|Host: h||; 505",
            "GET /a b HTTP/1.1|Host: h||; 400",
            "GET /%zz HTTP/1.1|Host: h||; 400",
            "GET / HTTP/1.1||; 400",
            "G(T / HTTP/1.1|Host: h||; 400",
    })
    void ambiguousOrBrokenHeadsAreRefused(String head, int status) {
        assertThatThrownBy(() -> parse(head)).isInstanceOfSatisfying(FrontError.class, e -> assertThat(e.status).isEqualTo(status));
    }

    @Test
    void refusalsAreAnsweredInTheRequestsProtocol() throws FrontError {
        FrontError error = new FrontError(413, "RequestEntityTooLarge", "too big");
        String registry = new String(error.response(parse("PUT /v2/r/manifests/t HTTP/1.1|Host: h||")), StandardCharsets.UTF_8);
        String json = new String(error.response(parse("POST / HTTP/1.1|Host: h|X-Amz-Target: A.B||")), StandardCharsets.UTF_8);
        String query = new String(error.response(null), StandardCharsets.UTF_8);
        assertThat(registry).startsWith("HTTP/1.1 413 ").contains("{\"errors\":[{\"code\":\"SIZE_INVALID\"");
        assertThat(json).contains("application/x-amz-json-1.1").contains("\"__type\":\"RequestEntityTooLarge\"");
        assertThat(query).contains("text/xml").contains("<Code>RequestEntityTooLarge</Code>").contains("Connection: close");
    }
}
