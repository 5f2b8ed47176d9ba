package dev.berth.text;

/**
 * JSON text as Jackson wrote it, made safe to store and print: a lone surrogate (which no
 * UTF-8 writer can encode) becomes U+FFFD, and DEL, C1 controls, bidirectional controls, line
 * separators and non-characters, which JSON allows raw, are written as {@code \}{@code uXXXX}
 * escapes. Jackson already escapes C0 controls; these characters only ever occur inside strings,
 * so the document keeps its meaning.
 */
public final class JsonText {
    private JsonText() {
    }

    public static String safe(String json) {
        if (ForeignText.isPlain(json.replace('\n', ' ').replace('\r', ' ').replace('\t', ' '))) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                out.append(c).append(json.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append("\\ufffd");
            } else if (c >= 0x20 && ForeignText.needsEscape(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
