package dev.berth.sim;

import dev.berth.sim.MalformedRequestCorpusTest.Case;
import dev.berth.testing.RawHttp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

import static dev.berth.sim.MalformedRequestCorpusTest.CLOSED;
import static dev.berth.sim.MalformedRequestCorpusTest.ECR;
import static dev.berth.sim.MalformedRequestCorpusTest.ECS;

/** The malformed-request corpus: each request as bytes, with the status and error code AWS answers it with. */
final class MalformedCorpus {
    private static final String SIGNED = "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/%s/aws4_request,"
            + " SignedHeaders=host, Signature=0\r\n";
    private static final String MINUS_FIVE = token("offset:-5");

    private static final String SSM = "AmazonSSM.";

    private MalformedCorpus() {
    }

    static String token(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** An awsJson1_1 call, signed for the service its target names. */
    static String json(String target, String body) {
        String service = target.startsWith(ECR) ? "ecr" : target.startsWith(SSM) ? "ssm" : "ecs";
        return "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: " + target
                + "\r\nContent-Type: application/x-amz-json-1.1\r\n" + SIGNED.formatted(service)
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    /** An awsQuery call to CloudFormation. */
    static String query(String body) {
        return "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\n"
                + SIGNED.formatted("cloudformation") + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    static String registry(String method, String path, String basic, String body) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + basic + "\r\n"
                + "Content-Type: application/vnd.docker.distribution.manifest.v2+json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static Case c(List<Case> cases, String name, RawHttp script, int status, String code) {
        Case c = new Case(name, script, status, code);
        cases.add(c);
        return c;
    }

    private static RawHttp raw(String text) {
        return RawHttp.script().send(text);
    }

    static List<Case> cases(Supplier<String> basic, Supplier<String> configDigest) {
        List<Case> cases = new ArrayList<>();
        framing(cases);
        slow(cases);
        awsJson(cases);
        awsQuery(cases);
        parameterStore(cases);
        registryPaths(cases, basic.get());
        references(cases, basic.get(), configDigest.get());
        return cases;
    }

    private static void framing(List<Case> cases) {
        String target = "X-Amz-Target: " + ECS + "ListClusters\r\n";
        c(cases, "garbage request line", raw("HELLO\r\n\r\n"), 400, "BadRequest");
        c(cases, "bare LF line endings", raw("GET / HTTP/1.1\nHost: x\n\n"), 400, "BadRequest");
        c(cases, "bare CR inside a header", raw("GET / HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n"), 400, "BadRequest");
        c(cases, "request line without version", raw("GET /\r\nHost: x\r\n\r\n"), 400, "BadRequest");
        c(cases, "HTTP/2.0 on a plain request line", raw("GET / HTTP/2.0\r\nHost: x\r\n\r\n"), 505, "HttpVersionNotSupported");
        c(cases, "nonsense version", raw("GET / HTTP/1.1x\r\nHost: x\r\n\r\n"), 400, "BadRequest");
        c(cases, "target not a path", raw("GET foo HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "BadRequest");
        c(cases, "HTTP/1.1 without Host", raw("POST / HTTP/1.1\r\n" + target + "\r\n"), 400, "BadRequest");
        c(cases, "header without colon", raw("POST / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n"), 400, "BadRequest");
        c(cases, "header name with a space", raw("POST / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n"), 400, "BadRequest");
        c(cases, "obsolete line folding", raw("POST / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"), 400, "BadRequest");
        c(cases, "control character in a header value", raw("POST / HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n"), 400, "BadRequest");
        c(cases, "NUL in the request target", raw("GET /a\u0000b HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "BadRequest");
        c(cases, "Content-Length not a number", raw("POST / HTTP/1.1\r\nHost: x\r\n" + target + "Content-Length: ten\r\n\r\n"), 400, "BadRequest");
        c(cases, "negative Content-Length", raw("POST / HTTP/1.1\r\nHost: x\r\n" + target + "Content-Length: -5\r\n\r\n"), 400, "BadRequest");
        c(cases, "two different Content-Lengths", raw("POST / HTTP/1.1\r\nHost: x\r\n" + target
                + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"), 400, "BadRequest");
        c(cases, "Content-Length and chunked together", raw("POST / HTTP/1.1\r\nHost: x\r\n" + target
                + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"), 400, "BadRequest");
        c(cases, "Transfer-Encoding gzip", raw("POST / HTTP/1.1\r\nHost: x\r\n" + target
                + "Transfer-Encoding: gzip\r\n\r\n"), 501, "NotImplemented");
        c(cases, "header section of 40 KiB", raw("POST / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40 * 1024) + "\r\n\r\n"),
                431, "RequestHeaderSectionTooLarge");
        c(cases, "bad chunk size", raw("POST / HTTP/1.1\r\nHost: x\r\n" + target + "Transfer-Encoding: chunked\r\n\r\nzz\r\n"),
                400, "BadRequest");
        c(cases, "chunk longer than declared", raw("POST / HTTP/1.1\r\nHost: x\r\n" + target
                + "Transfer-Encoding: chunked\r\n\r\n1\r\n{}\r\n0\r\n\r\n"), 400, "BadRequest");
        c(cases, "API body of 9 GiB announced", raw("POST / HTTP/1.1\r\nHost: x\r\n" + target
                + "Content-Length: 9663676416\r\n\r\n{"), 413, "RequestEntityTooLarge");
        String chunk = "a".repeat(64 * 1024);
        RawHttp endless = raw("POST / HTTP/1.1\r\nHost: x\r\n" + target + "Transfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 140; i++) {
            endless.send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
        }
        c(cases, "chunked API body past 8 MiB", endless, 413, "RequestEntityTooLarge");
        c(cases, "query body of 9 MiB announced", raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 9437184\r\n\r\nAction="), 413, "RequestEntityTooLarge");
        c(cases, "TLS handshake on the plain port", RawHttp.script().send(new byte[]{0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5}),
                -1, CLOSED);
        c(cases, "connection closed mid-head", raw("POST / HTTP/1.1\r\nHost: x\r\n" + target).halfClose(), 400, "BadRequest");
        c(cases, "connection closed mid-body", raw("POST / HTTP/1.1\r\nHost: x\r\n" + target
                + "Content-Length: 40\r\n\r\n{\"max").halfClose(), 400, "BadRequest");
    }

    private static void slow(List<Case> cases) {
        String target = "X-Amz-Target: " + ECS + "ListClusters\r\n";
        c(cases, "connection that never sends a byte", RawHttp.script().pause(2500), -1, CLOSED);
        c(cases, "head that stops halfway", raw("POST / HTTP/1.1\r\nHost: x\r\n").pause(1800), 408, "RequestTimeout");
        c(cases, "head dripped byte by byte past the header timeout", RawHttp.script()
                .drip("POST / HTTP/1.1\r\nHost: x\r\n" + target + "X-Padding: aaaaaaaaaa\r\n\r\n", 80), 408, "RequestTimeout");
        c(cases, "body that stops halfway", raw("POST / HTTP/1.1\r\nHost: x\r\n" + target + "Content-Length: 40\r\n\r\n{\"max")
                .pause(1800), 408, "RequestTimeout");
        RawHttp dripBody = raw("POST / HTTP/1.1\r\nHost: x\r\n" + target + "Content-Length: 200\r\n\r\n");
        for (int i = 0; i < 8; i++) {
            dripBody.send(" ").pause(500);
        }
        c(cases, "body dripped past the API body timeout", dripBody, 408, "RequestTimeout");
        c(cases, "second request on a kept-alive connection stops halfway", raw(json(ECS + "ListClusters", "{}")
                + "POST / HTTP/1.1\r\nHost: x\r\n").pause(1800), 200, null);
    }

    private static void awsJson(List<Case> cases) {
        c(cases, "unknown target prefix", raw(json("Foo_20200101.Bar", "{}")), 400, "UnknownOperationException");
        c(cases, "unknown ECS operation", raw(json(ECS + "DeleteEverything", "{}")), 400, "UnknownOperationException");
        c(cases, "target without a dot", raw(json("ListClusters", "{}")), 400, "UnknownOperationException");
        c(cases, "empty target", raw(json("", "{}")), 400, "UnknownOperationException");
        c(cases, "body not JSON", raw(json(ECS + "ListClusters", "{not json")), 400, "SerializationException");
        c(cases, "body a JSON array", raw(json(ECS + "ListClusters", "[1,2]")), 400, "SerializationException");
        c(cases, "body JSON null", raw(json(ECS + "ListClusters", "null")), 400, "SerializationException");
        c(cases, "body nested 5000 deep", raw(json(ECS + "ListClusters", "{\"a\":" + "[".repeat(5000))), 400, "SerializationException");
        c(cases, "body invalid UTF-8", RawHttp.script().send(json(ECS + "ListClusters", "{\"a\":\"xy\"}")
                .replace("xy", "\u00c3\u0028").getBytes(StandardCharsets.ISO_8859_1)), 400, "SerializationException");
        c(cases, "ECS ListClusters token offset:-5", raw(json(ECS + "ListClusters", "{\"nextToken\":\"" + MINUS_FIVE + "\"}")),
                400, "InvalidParameterException");
        c(cases, "ECS ListTaskDefinitions token offset:-5", raw(json(ECS + "ListTaskDefinitions",
                "{\"nextToken\":\"" + MINUS_FIVE + "\"}")), 400, "InvalidParameterException");
        c(cases, "ECS ListClusters token not base64", raw(json(ECS + "ListClusters", "{\"nextToken\":\"!!!\"}")),
                400, "InvalidParameterException");
        c(cases, "ECS ListClusters token offset overflowing", raw(json(ECS + "ListClusters",
                "{\"nextToken\":\"" + token("offset:99999999999") + "\"}")), 400, "InvalidParameterException");
        c(cases, "ECS ListClusters maxResults 0", raw(json(ECS + "ListClusters", "{\"maxResults\":0}")), 400, "InvalidParameterException");
        c(cases, "ECR DescribeRepositories token offset:-5", raw(json(ECR + "DescribeRepositories",
                "{\"nextToken\":\"" + MINUS_FIVE + "\"}")), 400, "InvalidParameterException");
        c(cases, "ECR ListImages token offset:-5", raw(json(ECR + "ListImages",
                "{\"repositoryName\":\"corpus\",\"nextToken\":\"" + MINUS_FIVE + "\"}")), 400, "InvalidParameterException");
        c(cases, "ECR DescribeImages token offset:-5", raw(json(ECR + "DescribeImages",
                "{\"repositoryName\":\"corpus\",\"nextToken\":\"" + MINUS_FIVE + "\"}")), 400, "InvalidParameterException");
        c(cases, "unsigned JSON call", raw("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: " + ECS
                + "ListClusters\r\nContent-Length: 2\r\n\r\n{}"), 403, "MissingAuthenticationTokenException");
        c(cases, "GET without a target", raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "UnknownOperationException");
        c(cases, "POST text/plain without a target", raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 2\r\n\r\n{}"), 400, "UnknownOperationException");
    }

    private static void awsQuery(List<Case> cases) {
        String v = "&Version=2010-05-15";
        c(cases, "bad % escape in a query body", raw(query("Action=ListStacks" + v + "&X=%zz")), 404, "MalformedQueryString");
        c(cases, "truncated % escape in a query body", raw(query("Action=ListStacks" + v + "&X=%4")), 404, "MalformedQueryString");
        c(cases, "bad % escape in a query key", raw(query("Action=ListStacks" + v + "&%G1=x")), 404, "MalformedQueryString");
        c(cases, "missing Action", raw(query("Version=2010-05-15")), 400, "MissingAction");
        c(cases, "unknown Action", raw(query("Action=DropEverything" + v)), 400, "InvalidAction");
        c(cases, "unsigned query call", raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 17\r\n\r\nAction=ListStacks"), 403, "MissingAuthenticationToken");
        c(cases, "CloudFormation ListStacks token offset:-5", raw(query("Action=ListStacks" + v + "&NextToken=" + MINUS_FIVE)),
                400, "ValidationError");
        c(cases, "CloudFormation DescribeStacks token offset:-5", raw(query("Action=DescribeStacks" + v + "&NextToken=" + MINUS_FIVE)),
                400, "ValidationError");
        c(cases, "CloudFormation ListExports token offset:-5", raw(query("Action=ListExports" + v + "&NextToken=" + MINUS_FIVE)),
                400, "ValidationError");
        c(cases, "CloudFormation ListStacks token garbage", raw(query("Action=ListStacks" + v + "&NextToken=%2F%2F%2F")),
                400, "ValidationError");
        c(cases, "CloudFormation CreateStack without a name", raw(query("Action=CreateStack" + v + "&TemplateBody=%7B%7D")),
                400, "ValidationError");
        c(cases, "CloudFormation control characters in a stack name", raw(query("Action=DescribeStacks" + v
                + "&StackName=a%01%1B%5B31m")), 400, "ValidationError");
    }

    private static void parameterStore(List<Case> cases) {
        String v = "&Version=2010-05-15";
        c(cases, "SSM GetParametersByPath token offset:-5", raw(json(SSM + "GetParametersByPath",
                "{\"Path\":\"/a\",\"NextToken\":\"" + MINUS_FIVE + "\"}")), 400, "ValidationException");
        c(cases, "SSM GetParametersByPath MaxResults 11", raw(json(SSM + "GetParametersByPath", "{\"Path\":\"/a\",\"MaxResults\":11}")),
                400, "ValidationException");
        c(cases, "SSM PutParameter name with a space and a semicolon", raw(json(SSM + "PutParameter",
                "{\"Name\":\"/a b;rm\",\"Value\":\"v\",\"Type\":\"String\"}")), 400, "ValidationException");
        c(cases, "SSM PutParameter name with control characters", raw(json(SSM + "PutParameter",
                "{\"Name\":\"/a\\u001b[31m\",\"Value\":\"v\",\"Type\":\"String\"}")), 400, "ValidationException");
        c(cases, "SSM PutParameter value of 5000 characters", raw(json(SSM + "PutParameter",
                "{\"Name\":\"/big\",\"Value\":\"" + "x".repeat(5000) + "\",\"Type\":\"String\"}")), 400, "ValidationException");
        c(cases, "SSM PutParameter over an AWS public parameter", raw(json(SSM + "PutParameter",
                "{\"Name\":\"/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id\",\"Value\":\"ami-00000000\","
                        + "\"Type\":\"String\",\"Overwrite\":true}")), 400, "AccessDeniedException");
        c(cases, "SSM PutParameter Type a number", raw(json(SSM + "PutParameter", "{\"Name\":\"/n\",\"Value\":\"v\",\"Type\":7}")),
                400, "ValidationException");
        c(cases, "SSM GetParameters eleven names", raw(json(SSM + "GetParameters",
                "{\"Names\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]}")), 400, "ValidationException");
        c(cases, "SSM GetParameter that is not there", raw(json(SSM + "GetParameter", "{\"Name\":\"/nothing/here\"}")),
                400, "ParameterNotFound");
        c(cases, "SSM unknown operation", raw(json(SSM + "SendCommand", "{}")), 400, "UnknownOperationException");
        c(cases, "CloudFormation SignalResource with Status MAYBE", raw(query("Action=SignalResource" + v
                + "&StackName=none&LogicalResourceId=R&UniqueId=i-1&Status=MAYBE")), 400, "ValidationError");
        c(cases, "CloudFormation SignalResource without UniqueId", raw(query("Action=SignalResource" + v
                + "&StackName=none&LogicalResourceId=R&Status=SUCCESS")), 400, "ValidationError");
    }

    private static void registryPaths(List<Case> cases, String basic) {
        String uploads = "/v2/corpus/blobs/uploads/";
        c(cases, "upload id ..", raw(registry("PATCH", uploads + "..", basic, "x")), 404, "BLOB_UPLOAD_UNKNOWN");
        c(cases, "upload id . (the uploads folder)", raw(registry("PATCH", uploads + ".", basic, "x")), 404, "BLOB_UPLOAD_UNKNOWN");
        c(cases, "upload id %2e%2e", raw(registry("PATCH", uploads + "%2e%2e", basic, "x")), 404, "BLOB_UPLOAD_UNKNOWN");
        c(cases, "upload id ..%2f..%2fetc", raw(registry("PUT", uploads + "..%2F..%2Fetc?digest=sha256:" + "0".repeat(64), basic, "")),
                404, "BLOB_UPLOAD_UNKNOWN");
        c(cases, "upload id with NUL", raw(registry("GET", uploads + "a%00b", basic, "")), 404, "BLOB_UPLOAD_UNKNOWN");
        c(cases, "upload id an absolute path", raw(registry("DELETE", uploads + "%2Ftmp", basic, "")), 404, "BLOB_UPLOAD_UNKNOWN");
        c(cases, "blob digest with ..", raw(registry("GET", "/v2/corpus/blobs/sha256:..", basic, "")), 400, "DIGEST_INVALID");
        c(cases, "blob digest %2e%2e%2fx", raw(registry("GET", "/v2/corpus/blobs/%2e%2e%2fx", basic, "")), 400, "DIGEST_INVALID");
        c(cases, "blob digest with a bad % escape", raw(registry("GET", "/v2/corpus/blobs/%zz", basic, "")), 400, "UNSUPPORTED");
        c(cases, "manifest reference with a bad % escape", raw(registry("GET", "/v2/corpus/manifests/%zz", basic, "")), 400, "UNSUPPORTED");
        c(cases, "manifest tag with ..", raw(registry("PUT", "/v2/corpus/manifests/..", basic, "{}")), 400, "TAG_INVALID");
        c(cases, "upload completed with a malformed digest", raw(registry("POST", uploads + "?digest=sha256:zz", basic, "x")),
                400, "DIGEST_INVALID");
        c(cases, "manifest of 5 MiB", raw(registry("PUT", "/v2/corpus/manifests/big", basic, "").replace("Content-Length: 0",
                "Content-Length: 5242880")), 413, "SIZE_INVALID");
        c(cases, "registry without credentials", raw("GET /v2/corpus/tags/list HTTP/1.1\r\nHost: x\r\n\r\n"), 401, "DENIED");
    }

    private static void references(List<Case> cases, String basic, String config) {
        String missing = "sha256:" + "ab".repeat(32);
        String noConfig = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":2,\"digest\":\"" + missing
                + "\"},\"layers\":[]}";
        String noLayer = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":2,\"digest\":\"" + config
                + "\"},\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":3,\"digest\":\""
                + missing + "\"}]}";
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7,\"digest\":\"" + missing + "\"}]}";
        c(cases, "registry manifest whose config is missing", raw(registry("PUT", "/v2/corpus/manifests/a", basic, noConfig)),
                400, "MANIFEST_BLOB_UNKNOWN");
        c(cases, "registry manifest whose layer is missing", raw(registry("PUT", "/v2/corpus/manifests/b", basic, noLayer)),
                400, "MANIFEST_BLOB_UNKNOWN");
        c(cases, "registry index naming a missing manifest", raw(registry("PUT", "/v2/corpus/manifests/c", basic, index)),
                400, "MANIFEST_BLOB_UNKNOWN");
        c(cases, "registry manifest not JSON", raw(registry("PUT", "/v2/corpus/manifests/d", basic, "{oops")), 400, "MANIFEST_INVALID");
        c(cases, "ECR PutImage whose config is missing", raw(json(ECR + "PutImage", putImage(noConfig))), 400, "LayersNotFoundException");
        c(cases, "ECR PutImage whose layer is missing", raw(json(ECR + "PutImage", putImage(noLayer))), 400, "LayersNotFoundException");
        c(cases, "ECR PutImage index naming a missing manifest", raw(json(ECR + "PutImage", putImage(index))),
                400, "ReferencedImagesNotFoundException");
        c(cases, "ECR PutImage manifest not JSON", raw(json(ECR + "PutImage", putImage("{oops"))), 400, "InvalidParameterException");
        c(cases, "ECR PutImage digest not the manifest's", raw(json(ECR + "PutImage", putImage(noConfig).replace("}\"}",
                "}\",\"imageDigest\":\"" + missing + "\"}"))), 400, "ImageDigestDoesNotMatchException");
    }

    private static String putImage(String manifest) {
        return "{\"repositoryName\":\"corpus\",\"imageTag\":\"t\",\"imageManifest\":\"" + manifest.replace("\"", "\\\"") + "\"}";
    }
}
