package dev.berth.sim.s3;

import dev.berth.sim.http.RestAnswer;
import dev.berth.sim.http.RestRequest;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/** ListBuckets, ListObjects and ListObjectsV2 answers, and the CreateBucket configuration they read. */
final class S3Listings {
    private static final int MAX_KEYS = 1000;

    private final S3Store store;
    private final String ownerId;
    private final String accountId;

    S3Listings(S3Store store, String accountId) {
        this.store = store;
        this.accountId = accountId;
        this.ownerId = ownerId(accountId);
    }

    RestAnswer buckets(RestRequest request) {
        S3Xml xml = S3Xml.root("ListAllMyBucketsResult", true).open("Owner").text("ID", ownerId)
                .text("DisplayName", "berth-sim-" + accountId).close("Owner").open("Buckets");
        for (S3Store.Bucket bucket : store.buckets()) {
            xml.open("Bucket").text("Name", bucket.name()).text("CreationDate", S3Xml.timestamp(bucket.created()))
                    .text("BucketRegion", bucket.region()).close("Bucket");
        }
        return S3Api.xmlAnswer(xml.close("Buckets").end("ListAllMyBucketsResult"));
    }

    RestAnswer objectsV2(String bucket, RestRequest request) {
        Map<String, String> q = request.query();
        boolean url = encodingType(q);
        String token = q.get("continuation-token");
        String marker = token != null ? decodeToken(token) : q.get("start-after");
        String prefix = q.getOrDefault("prefix", "");
        int maxKeys = maxKeys(q);
        S3Listing.Page page = store.list(bucket, prefix, q.get("delimiter"), marker, maxKeys);
        S3Xml xml = S3Xml.root("ListBucketResult", true).text("Name", bucket).text("Prefix", encode(prefix, url))
                .text("Delimiter", encode(q.get("delimiter"), url)).text("MaxKeys", maxKeys)
                .text("EncodingType", url ? "url" : null).text("KeyCount", page.contents().size() + page.commonPrefixes().size())
                .text("IsTruncated", page.truncated()).text("ContinuationToken", token)
                .text("NextContinuationToken", page.truncated() ? encodeToken(page.last()) : null)
                .text("StartAfter", encode(q.get("start-after"), url));
        return S3Api.xmlAnswer(entries(xml, page, url, "true".equals(q.get("fetch-owner")))
                .end("ListBucketResult"));
    }

    RestAnswer objectsV1(String bucket, RestRequest request) {
        Map<String, String> q = request.query();
        boolean url = encodingType(q);
        String prefix = q.getOrDefault("prefix", "");
        int maxKeys = maxKeys(q);
        S3Listing.Page page = store.list(bucket, prefix, q.get("delimiter"), q.get("marker"), maxKeys);
        S3Xml xml = S3Xml.root("ListBucketResult", true).text("Name", bucket).text("Prefix", encode(prefix, url))
                .text("Marker", encode(q.getOrDefault("marker", ""), url)).text("MaxKeys", maxKeys)
                .text("Delimiter", encode(q.get("delimiter"), url)).text("EncodingType", url ? "url" : null)
                .text("IsTruncated", page.truncated())
                .text("NextMarker", page.truncated() && q.get("delimiter") != null ? encode(page.last(), url) : null);
        return S3Api.xmlAnswer(entries(xml, page, url, true).end("ListBucketResult"));
    }

    private S3Xml entries(S3Xml xml, S3Listing.Page page, boolean url, boolean owner) {
        for (Map.Entry<String, S3Object> entry : page.contents()) {
            S3Object object = entry.getValue();
            xml.open("Contents").text("Key", encode(entry.getKey(), url))
                    .text("LastModified", S3Xml.timestamp(object.lastModified())).text("ETag", object.etag())
                    .text("Size", object.size()).text("StorageClass", "STANDARD");
            if (owner) {
                xml.open("Owner").text("ID", ownerId).text("DisplayName", "berth-sim-" + accountId).close("Owner");
            }
            xml.close("Contents");
        }
        for (String common : page.commonPrefixes()) {
            xml.open("CommonPrefixes").text("Prefix", encode(common, url)).close("CommonPrefixes");
        }
        return xml;
    }

    private static boolean encodingType(Map<String, String> q) {
        String type = q.get("encoding-type");
        if (type != null && !type.equals("url")) {
            throw new S3Error(400, "InvalidArgument", "Invalid Encoding Method specified in Request")
                    .with("ArgumentName", "encoding-type").with("ArgumentValue", type);
        }
        return type != null;
    }

    private static int maxKeys(Map<String, String> q) {
        String text = q.get("max-keys");
        if (text == null) {
            return MAX_KEYS;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < 0) {
                throw new NumberFormatException(text);
            }
            return Math.min(value, MAX_KEYS);
        } catch (NumberFormatException e) {
            throw new S3Error(400, "InvalidArgument", "Provided max-keys not an integer or within integer range")
                    .with("ArgumentName", "max-keys").with("ArgumentValue", text);
        }
    }

    private static String encode(String text, boolean url) {
        return text == null || !url ? text : URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String encodeToken(String last) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("berth:" + last).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("berth:")) {
                return text.substring("berth:".length());
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new S3Error(400, "InvalidArgument", "The continuation token provided is incorrect")
                .with("ArgumentName", "continuation-token");
    }

    /** The LocationConstraint of a CreateBucketConfiguration body; null when there is no body. */
    static String locationConstraint(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(true);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Document doc = builder.parse(new ByteArrayInputStream(body));
            Element root = doc.getDocumentElement();
            if (!root.getLocalName().equals("CreateBucketConfiguration")) {
                throw new IllegalArgumentException(root.getLocalName());
            }
            NodeList constraint = root.getElementsByTagNameNS("*", "LocationConstraint");
            return constraint.getLength() == 0 ? "" : constraint.item(0).getTextContent().strip();
        } catch (Exception e) {
            throw new S3Error(400, "MalformedXML",
                    "The XML you provided was not well-formed or did not validate against our published schema");
        }
    }

    private static String ownerId(String accountId) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("berth-sim-owner:" + accountId).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
