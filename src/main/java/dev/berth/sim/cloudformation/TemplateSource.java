package dev.berth.sim.cloudformation;

import dev.berth.sim.s3.S3Object;
import dev.berth.sim.s3.S3Store;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads the template a TemplateURL names from the simulator's S3, under CloudFormation's size limit. */
final class TemplateSource {
    /** CloudFormation reads templates of at most 1 MB from S3. */
    static final int MAX_TEMPLATE_URL_BYTES = 1_048_576;

    private final S3Store s3;

    TemplateSource(S3Store s3) {
        this.s3 = s3;
    }

    /** The template's text; IllegalArgumentException with CloudFormation's words when it cannot be read. */
    String read(String url) {
        TemplateUrl location = TemplateUrl.parse(url).orElseThrow(() -> new IllegalArgumentException(TemplateUrl.NOT_S3));
        Optional<S3Object> object = s3.find(location.bucket(), location.key());
        if (object.isEmpty()) {
            throw new IllegalArgumentException("S3 error: The specified key does not exist. (TemplateURL " + url + ")");
        }
        byte[] bytes = object.get().bytes();
        if (bytes.length > MAX_TEMPLATE_URL_BYTES) {
            throw new IllegalArgumentException("Template may not exceed " + MAX_TEMPLATE_URL_BYTES + " bytes in size.");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Template format error: the template at " + url + " is not UTF-8 text");
        }
    }
}
