package dev.berth.sim.s3;

import dev.berth.sim.http.QueryXml;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Builds S3's XML answers: elements in order, text escaped so that every answer stays well-formed. */
final class S3Xml {
    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(ZoneOffset.UTC);

    private final StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    static S3Xml root(String name, boolean namespaced) {
        S3Xml out = new S3Xml();
        out.xml.append('<').append(name);
        if (namespaced) {
            out.xml.append(" xmlns=\"").append(NAMESPACE).append('"');
        }
        out.xml.append('>');
        return out;
    }

    S3Xml open(String name) {
        xml.append('<').append(name).append('>');
        return this;
    }

    S3Xml close(String name) {
        xml.append("</").append(name).append('>');
        return this;
    }

    /** An element with text; nothing when the value is null. */
    S3Xml text(String name, Object value) {
        if (value != null) {
            open(name);
            xml.append(QueryXml.escape(String.valueOf(value)));
            close(name);
        }
        return this;
    }

    /** Text directly inside the element open last. */
    S3Xml raw(String text) {
        xml.append(QueryXml.escape(text));
        return this;
    }

    byte[] end(String root) {
        close(root);
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String timestamp(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    /** HTTP dates, as in Last-Modified. */
    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }
}
