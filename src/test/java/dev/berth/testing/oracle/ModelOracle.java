package dev.berth.testing.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.sim.http.ApiExchange;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Judges one API exchange against AWS's model of its operation: the request against the input
 * shape, the answer against the output shape (or, for an error, the error's form and a code the
 * model or AWS's common errors know). Returns what disagrees, each line naming the call.
 */
public final class ModelOracle {
    /** Errors every AWS service may answer, which the models do not list per operation. */
    private static final Set<String> COMMON_ERRORS = Set.of("ValidationError", "ValidationException", "Throttling",
            "ThrottlingException", "InternalFailure", "ServiceUnavailable", "ServiceUnavailableException",
            "ExpiredToken", "ExpiredTokenException", "MissingAuthenticationToken", "MissingAuthenticationTokenException",
            "InvalidAction", "SerializationException", "UnknownOperationException", "AccessDenied",
            "AccessDeniedException", "InvalidParameterValue", "MissingParameter", "InvalidClientTokenId",
            "UnrecognizedClientException", "RequestExpired");

    /** S3's error codes (its documentation's list), which its model names only in part. */
    private static final Set<String> S3_ERRORS = Set.of("AccessDenied", "BadDigest", "BucketAlreadyExists",
            "BucketAlreadyOwnedByYou", "BucketNotEmpty", "EntityTooLarge", "IllegalLocationConstraintException",
            "InternalError", "InvalidArgument", "InvalidBucketName", "InvalidDigest", "InvalidLocationConstraint",
            "InvalidRange", "InvalidURI", "KeyTooLongError", "MalformedXML", "MethodNotAllowed", "NoSuchBucket", "NoSuchKey",
            "NotImplemented", "ServiceUnavailable", "SlowDown", "TooManyBuckets", "XAmzContentSHA256Mismatch");

    private final ServiceModels models;
    private final ObjectMapper json = new ObjectMapper();

    public ModelOracle(ServiceModels models) {
        this.models = models;
    }

    /** Only the answer: for requests a test sends wrong on purpose. */
    public List<String> judgeAnswer(ApiExchange exchange) {
        return judge(exchange).stream().filter(v -> !v.startsWith(exchange.signingName() + ":" + exchange.operation() + " request "))
                .toList();
    }

    public List<String> judge(ApiExchange exchange) {
        List<String> violations = new ArrayList<>();
        JsonNode service = models.service(exchange.signingName());
        String call = exchange.signingName() + ":" + exchange.operation();
        if (service == null) {
            return List.of(call + ": no AWS model for the service " + exchange.signingName());
        }
        JsonNode operation = service.path("operations").path(String.valueOf(exchange.operation()));
        if (operation.isMissingNode()) {
            return List.of(call + ": not an operation of " + exchange.signingName() + " in AWS's model");
        }
        JsonNode shapes = service.path("shapes");
        List<String> request = new ArrayList<>();
        List<String> answer = new ArrayList<>();
        ShapeChecker requestChecker = new ShapeChecker(shapes, request);
        ShapeChecker answerChecker = new ShapeChecker(shapes, answer);
        try {
            if (exchange.protocol() == ApiExchange.Protocol.REST_XML) {
                judgeRestXml(exchange, operation, shapes, answerChecker, answer);
            } else if (exchange.protocol() == ApiExchange.Protocol.JSON) {
                judgeJson(exchange, operation, shapes, requestChecker, answerChecker, request, answer);
            } else if (exchange.protocol() == ApiExchange.Protocol.CBOR) {
                // CBOR carries the same members as JSON; times arrive as epoch seconds under tag 1
                judgeJson(new ApiExchange(exchange.protocol(), exchange.signingName(), exchange.operation(),
                        cborAsJson(exchange.requestBody()), exchange.status(), cborAsJson(exchange.responseBody())),
                        operation, shapes, requestChecker, answerChecker, request, answer);
            } else {
                judgeQuery(exchange, operation, shapes, requestChecker, answerChecker, request, answer);
            }
        } catch (IOException | SAXException | ParserConfigurationException e) {
            answer.add("not well-formed: " + e.getMessage());
        }
        request.forEach(v -> violations.add(call + " request " + v));
        answer.forEach(v -> violations.add(call + " answer " + exchange.status() + " " + v));
        return violations;
    }

    private void judgeJson(ApiExchange exchange, JsonNode operation, JsonNode shapes, ShapeChecker requestChecker, ShapeChecker answerChecker,
                           List<String> request, List<String> answer) throws IOException {
        if (operation.has("input")) {
            JsonNode body = exchange.requestBody().length == 0 ? json.createObjectNode() : json.readTree(exchange.requestBody());
            requestChecker.json(body, operation.path("input").asText(), "$");
        }
        JsonNode body = json.readTree(exchange.responseBody());
        if (exchange.status() >= 300) {
            if (!body.path("__type").isTextual() || !body.path("message").isTextual()) {
                answer.add("an error must carry __type and message as strings: " + body);
            }
            knownError(shapes, operation, body.path("__type").asText(), answer);
        } else if (operation.has("output")) {
            answerChecker.json(body, operation.path("output").asText(), "$");
        }
    }

    private void judgeQuery(ApiExchange exchange, JsonNode operation, JsonNode shapes, ShapeChecker requestChecker,
                            ShapeChecker answerChecker, List<String> request, List<String> answer)
            throws IOException, SAXException, ParserConfigurationException {
        String form = new String(exchange.requestBody(), StandardCharsets.UTF_8);
        if (operation.has("input")) {
            new QueryParameters(shapes, requestChecker, request).check(QueryParameters.tree(form),
                    operation.path("input").asText(), "$");
        }
        Element root = parseXml(exchange.responseBody()).getDocumentElement();
        if (exchange.status() >= 300) {
            Element error = single(root, "Error", answer);
            if (!root.getTagName().equals("ErrorResponse") || error == null) {
                answer.add("an error must be <ErrorResponse><Error>..., got <" + root.getTagName() + ">");
                return;
            }
            Element code = single(error, "Code", answer);
            if (code == null || single(error, "Message", answer) == null) {
                answer.add("an error must carry Code and Message");
            } else {
                knownError(shapes, operation, code.getTextContent(), answer);
            }
            return;
        }
        String op = exchange.operation();
        if (!root.getTagName().equals(op + "Response")) {
            answer.add("the root element must be <" + op + "Response>, got <" + root.getTagName() + ">");
        }
        String wrapper = operation.path("resultWrapper").asText(null);
        for (Element child : ShapeChecker.children(root)) {
            if (child.getTagName().equals("ResponseMetadata")) {
                continue;
            }
            if (wrapper != null && child.getTagName().equals(wrapper)) {
                if (op.equals("DescribeStackEvents")) {
                    StackOwnEvents.check(child, answerChecker);
                }
                answerChecker.xml(child, operation.path("output").asText(), "$");
            } else {
                answer.add("unexpected element <" + child.getTagName() + "> in <" + root.getTagName() + ">");
            }
        }
        if (wrapper != null && operation.has("output") && single(root, wrapper, answer) == null) {
            answerChecker.xml(root.getOwnerDocument().createElement(wrapper), operation.path("output").asText(), "$");
        }
    }

    /**
     * A REST-XML answer (S3): an error is {@code <Error>} with Code and Message (none for HEAD); a
     * success carries the output's body members under one root element, or no body when they all
     * travel in headers; a streamed payload (GetObject) is not XML and is not judged.
     */
    private void judgeRestXml(ApiExchange exchange, JsonNode operation, JsonNode shapes, ShapeChecker answerChecker,
                              List<String> answer) throws IOException, SAXException, ParserConfigurationException {
        byte[] body = exchange.responseBody();
        if (exchange.status() >= 300) {
            if (body.length == 0) {
                return;
            }
            Element root = parseXml(body).getDocumentElement();
            Element code = single(root, "Code", answer);
            if (!root.getTagName().equals("Error") || code == null || single(root, "Message", answer) == null) {
                answer.add("an error must be <Error> with Code and Message, got <" + root.getTagName() + ">");
            } else if (!S3_ERRORS.contains(code.getTextContent())) {
                knownError(shapes, operation, code.getTextContent(), answer);
            }
            return;
        }
        JsonNode output = shapes.path(operation.path("output").asText());
        if (output.has("payload")) {
            return;
        }
        boolean inBody = false;
        for (JsonNode member : output.path("members")) {
            inBody |= !member.has("location");
        }
        if (!inBody) {
            if (body.length > 0) {
                answer.add("no body expected (every member of the output travels in headers), got " + body.length + " bytes");
            }
            return;
        }
        answerChecker.xml(parseXml(body).getDocumentElement(), operation.path("output").asText(), "$");
    }

    private byte[] cborAsJson(byte[] cbor) throws IOException {
        return cbor.length == 0 ? cbor : json.writeValueAsBytes(dev.berth.sim.http.CborCodec.read(cbor));
    }

    private void knownError(JsonNode shapes, JsonNode operation, String code, List<String> answer) {
        String bare = code.contains("#") ? code.substring(code.indexOf('#') + 1) : code;
        if (COMMON_ERRORS.contains(bare)) {
            return;
        }
        for (JsonNode error : operation.path("errors")) {
            String modelled = shapes.path(error.asText()).path("error").path("code").asText(error.asText());
            if (error.asText().equals(bare) || modelled.equals(bare)) {
                return;
            }
        }
        answer.add("error code " + bare + " is neither an error of this operation in AWS's model nor a common AWS error "
                + operation.path("errors"));
    }

    private static Element single(Element parent, String tag, List<String> answer) {
        Element found = null;
        for (Element child : ShapeChecker.children(parent)) {
            if (child.getTagName().equals(tag)) {
                if (found != null) {
                    answer.add("<" + tag + "> appears twice in <" + parent.getTagName() + ">");
                }
                found = child;
            }
        }
        return found;
    }

    private static Document parseXml(byte[] bytes) throws ParserConfigurationException, IOException, SAXException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder.parse(new ByteArrayInputStream(bytes));
    }
}
