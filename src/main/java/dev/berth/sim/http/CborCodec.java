package dev.berth.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * Bodies of the Smithy RPC v2 CBOR protocol: a request's CBOR map read as a JSON tree, and an
 * answer's tree written as CBOR, {@link Instant}s as epoch seconds under tag 1, as the protocol
 * writes timestamps.
 */
public final class CborCodec {
    private static final CBORMapper MAPPER = new CBORMapper();
    private static final CBORFactory FACTORY = MAPPER.getFactory();

    private CborCodec() {
    }

    public static JsonNode read(byte[] body) throws IOException {
        return MAPPER.readTree(body);
    }

    public static byte[] write(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(CBORGenerator out, JsonNode node) throws IOException {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant) {
            out.writeTag(1);
            out.writeNumber(instant.toEpochMilli() / 1000.0);
        } else if (node instanceof ObjectNode object) {
            out.writeStartObject();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getValue() != null && !field.getValue().isNull()) {
                    out.writeFieldName(field.getKey());
                    write(out, field.getValue());
                }
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode item : node) {
                write(out, item);
            }
            out.writeEndArray();
        } else if (node.isTextual()) {
            out.writeString(node.asText());
        } else if (node.isBoolean()) {
            out.writeBoolean(node.asBoolean());
        } else if (node.isIntegralNumber()) {
            out.writeNumber(node.asLong());
        } else if (node.isNumber()) {
            out.writeNumber(node.asDouble());
        } else {
            out.writeNull();
        }
    }

}
