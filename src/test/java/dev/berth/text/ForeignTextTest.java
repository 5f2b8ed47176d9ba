package dev.berth.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The text rules: what reaches a terminal, a document or a JSON file, and what free text may hold. */
class ForeignTextTest {
    /** Strings over every UTF-16 unit, with the hostile ones made frequent. */
    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<Character> hostile = Arbitraries.of('\u001b', '\u0007', '\r', '\n', '\t', '\0', '\u007f', '\u009b', '\u0085',
                '\u202e', '\u2066', '\u2028', '\ufffe', '\uffff', '\ud800', '\udfff', '\ud83d', '\ude80', '[', ']', ';', '<', '&');
        Arbitrary<Character> any = Arbitraries.chars();
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, hostile), net.jqwik.api.Tuple.of(1, any))
                .list().ofMaxSize(60).map(chars -> {
                    StringBuilder s = new StringBuilder();
                    chars.forEach(s::append);
                    return s.toString();
                });
    }

    @Property(tries = 2000)
    void neutralisedTextHoldsNothingATerminalActsOn(@ForAll("anyText") String text) {
        String safe = ForeignText.neutralise(text);
        for (int i = 0; i < safe.length(); i++) {
            char c = safe.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < safe.length() && Character.isLowSurrogate(safe.charAt(i + 1))).as("pair at %d", i).isTrue();
                i++;
                continue;
            }
            assertThat(c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c) || c == '\ufffe' || c == '\uffff'
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u2028')
                    .as("character U+%04X in %s", (int) c, safe).isFalse();
        }
        assertThat(strictUtf8(safe)).as("encodes as UTF-8").isTrue();
        assertThat(ForeignText.isPlain(safe)).isTrue();
    }

    @Property(tries = 500)
    void plainTextIsLeftAsItIs(@ForAll("plain") String text) {
        assertThat(ForeignText.neutralise(text)).isSameAs(text);
        assertThat(FreeText.problem(text.isBlank() ? "x" + text : text, 1000)).isNull();
    }

    @Provide
    Arbitrary<String> plain() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars("äéßü–—…€日本".toCharArray()).ofMaxLength(50)
                .map(s -> s.replace("~", "🚀"));
    }

    @Test
    void controlsAreShownAsEscapes() {
        assertThat(ForeignText.neutralise("\u001b[2J")).isEqualTo("\\x1b[2J");
        assertThat(ForeignText.neutralise("\u001b]8;;http://x/\u0007click\u001b]8;;\u0007"))
                .isEqualTo("\\x1b]8;;http://x/\\x07click\\x1b]8;;\\x07");
        assertThat(ForeignText.neutralise("a\rb\nc\td\0e\u007f")).isEqualTo("a\\rb\\nc\\td\\x00e\\x7f");
        assertThat(ForeignText.neutralise("\u009b31m\u202eevil")).isEqualTo("\\u009b31m\\u202eevil");
        assertThat(ForeignText.neutralise("lone \ud800 \ufffe\uffff")).isEqualTo("lone \\ud800 \\ufffe\\uffff");
        assertThat(ForeignText.neutralise("rocket \ud83d\ude80")).isEqualTo("rocket \ud83d\ude80");
        assertThat(ForeignText.lines("one\u001b\ntwo\r")).isEqualTo("one\\x1b\ntwo\\r");
    }

    @Test
    void echoedValuesAreCutShortSayingHowLongTheyWere() {
        String echoed = ForeignText.echo("x".repeat(100_000));
        assertThat(echoed).hasSizeLessThan(120).endsWith("… (100000 characters)");
        assertThat(ForeignText.echo("\u001b".repeat(200))).startsWith("\\x1b\\x1b").endsWith("(200 characters)");
        assertThat(ForeignText.shorten("a".repeat(79) + "\ud83d\ude80" + "b", 80)).startsWith("a".repeat(79) + "…");
    }

    @Test
    void freeTextIsOneLineOfPrintableCharacters() {
        assertThat(FreeText.problem("rollback: 1.4.2 broke checkout — Rita", 100)).isNull();
        assertThat(FreeText.problem(null, 100)).isNull();
        assertThat(FreeText.problem("", 100)).contains("empty");
        assertThat(FreeText.problem("   ", 100)).contains("blank");
        assertThat(FreeText.problem("x".repeat(101), 100)).contains("longer than 100");
        for (String bad : new String[] {"a\u001b[2J", "a\u0007", "a\rb", "a\nb", "a\tb", "a\0b", "a\u007f", "a\u0085", "a\u202eb"}) {
            assertThat(FreeText.problem(bad, 100)).as(ForeignText.neutralise(bad)).contains("control character");
        }
        for (String bad : new String[] {"a\ud800b", "a\udc00", "a\ufffe", "\uffff"}) {
            assertThat(FreeText.problem(bad, 100)).as(ForeignText.neutralise(bad)).contains("not valid Unicode");
        }
    }

    @Property(tries = 1000)
    void anyTextMakesAWellFormedXmlDocument(@ForAll("anyText") String text) throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a title=\"" + Markup.text(text) + "\">" + Markup.text(text) + "</a>";
        assertThat(strictUtf8(xml)).isTrue();
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        String parsed = doc.getDocumentElement().getTextContent();
        assertThat(parsed).hasSameSizeAs(text);
        assertThat(doc.getDocumentElement().getAttribute("title")).isNotNull();
    }

    @Property(tries = 1000)
    void anyTextMakesValidJsonThatEncodes(@ForAll("anyText") String text) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String json = JsonText.safe(mapper.writeValueAsString(java.util.Map.of("reason", text)));
        assertThat(strictUtf8(json)).isTrue();
        assertThat(ForeignText.isPlain(json)).as("nothing raw a terminal acts on: %s", json).isTrue();
        String back = mapper.readTree(json).path("reason").asText();
        // only lone surrogates change (to U+FFFD); everything else round-trips
        assertThat(back).hasSameSizeAs(text);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            assertThat(back.charAt(i)).isEqualTo(Character.isSurrogate(c) && !paired ? '\ufffd' : c);
        }
    }

    private static boolean strictUtf8(String text) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
            return bytes != null;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
