package dev.berth.text;

/**
 * Text for XML and HTML documents (the report's SVG and page, the simulator's XML answers):
 * markup characters escaped, and characters XML 1.0 does not allow (C0 controls but TAB, LF and
 * CR; lone surrogates; U+FFFE and U+FFFF), as well as DEL and the C1 controls, replaced by U+FFFD,
 * so that any text gives a well-formed document.
 */
public final class Markup {
    public static final char REPLACEMENT = '\ufffd';

    private Markup() {
    }

    /** Escaped text for an element or a double- or single-quoted attribute; null is empty. */
    public static String text(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
                continue;
            }
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\r' -> out.append("&#xD;");
                default -> out.append(allowed(c) ? c : REPLACEMENT);
            }
        }
        return out.toString();
    }

    /** Whether a single UTF-16 unit (not part of a pair) may stand in the document as it is. */
    static boolean allowed(char c) {
        if (c == '\t' || c == '\n') {
            return true;
        }
        return c >= 0x20 && !(c >= 0x7f && c <= 0x9f) && !Character.isSurrogate(c) && c != '\ufffe' && c != '\uffff';
    }
}
