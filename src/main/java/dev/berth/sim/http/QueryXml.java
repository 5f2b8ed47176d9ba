package dev.berth.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Writes awsQuery responses: {@code <ActionResponse xmlns=...><ActionResult>...</ActionResult>
 * <ResponseMetadata><RequestId/></ResponseMetadata></ActionResponse>}. Objects become elements,
 * arrays become {@code <member>} lists, and text is escaped. Characters XML 1.0 cannot carry at all
 * (control characters other than tab and line breaks, lone surrogates, U+FFFE and U+FFFF), which a
 * client may have sent in a name or a description, become U+FFFD, so that every answer parses.
 */
public final class QueryXml {
    private QueryXml() {
    }

    public static String response(String action, String namespace, ObjectNode result, String requestId) {
        StringBuilder xml = new StringBuilder("<").append(action).append("Response xmlns=\"").append(namespace).append("\">");
        if (result != null) {
            xml.append('<').append(action).append("Result>");
            writeFields(xml, result);
            xml.append("</").append(action).append("Result>");
        }
        xml.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
        xml.append("</").append(action).append("Response>");
        return xml.toString();
    }

    public static String error(String namespace, AwsException e, String requestId) {
        return "<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>" + (e.senderFault() ? "Sender" : "Receiver")
                + "</Type><Code>" + escape(e.code()) + "</Code><Message>" + escape(e.getMessage())
                + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
    }

    private static void writeFields(StringBuilder xml, JsonNode object) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            if (value == null || value.isNull()) {
                continue;
            }
            xml.append('<').append(field.getKey()).append('>');
            writeValue(xml, value);
            xml.append("</").append(field.getKey()).append('>');
        }
    }

    private static void writeValue(StringBuilder xml, JsonNode value) {
        if (value.isObject()) {
            writeFields(xml, value);
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                xml.append("<member>");
                writeValue(xml, item);
                xml.append("</member>");
            }
        } else {
            xml.append(escape(value.asText()));
        }
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
                continue;
            }
            if (!allowedInXml(c)) {
                out.append('\uFFFD');
                continue;
            }
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#xD;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** XML 1.0's Char production, for one UTF-16 unit that is not part of a surrogate pair. */
    private static boolean allowedInXml(char c) {
        return c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD;
    }
}
