package dev.berth.text;

/**
 * Text berth did not write (AWS messages, names, events, values a user typed) made safe to print:
 * every character a terminal could act on is shown as an escape instead, so that such text can
 * neither move the cursor, clear the screen, ring the bell, plant a link, reorder a line nor
 * start a new one. Pure functions, applied where foreign text is printed.
 */
public final class ForeignText {
    /** How many characters of a value an error message echoes. */
    public static final int ECHO_LIMIT = 80;

    private ForeignText() {
    }

    /**
     * The text with control characters (C0 including TAB, CR and LF, DEL, C1), bidirectional
     * controls, line and paragraph separators, non-characters and lone surrogates escaped as
     * {@code \t}, {@code \n}, {@code \x1b}, {@code \u202e} and so on. Null stays null.
     */
    public static String neutralise(String text) {
        if (text == null || isPlain(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (!needsEscape(c)) {
                out.append(c);
            } else {
                escape(out, c);
            }
        }
        return out.toString();
    }

    /** Like {@link #neutralise} line by line: berth's own line breaks stay, everything else is escaped. */
    public static String lines(String text) {
        if (text == null) {
            return null;
        }
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < lines.length; i++) {
            out.append(i == 0 ? "" : "\n").append(neutralise(lines[i]));
        }
        return out.toString();
    }

    /** A value as an error message echoes it: neutralised, and cut to {@link #ECHO_LIMIT} characters with its length. */
    public static String echo(String value) {
        if (value == null) {
            return "null";
        }
        return neutralise(shorten(value, ECHO_LIMIT));
    }

    /** The value cut after {@code limit} characters (never inside a surrogate pair), saying how long it was. */
    public static String shorten(String value, int limit) {
        if (value.length() <= limit) {
            return value;
        }
        int end = Character.isLowSurrogate(value.charAt(limit)) ? limit - 1 : limit;
        return value.substring(0, end) + "… (" + value.length() + " characters)";
    }

    /** Whether the text holds nothing {@link #neutralise} would escape. */
    public static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (needsEscape(c)) {
                return false;
            }
        }
        return true;
    }

    /** Characters a terminal acts on or that are not text: escaped when printed, refused in free text. */
    static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || bidi(c) || c == '\u2028' || c == '\u2029'
                || c == '\ufffe' || c == '\uffff' || Character.isSurrogate(c);
    }

    /** Controls that reorder text on screen (the "Trojan Source" characters). */
    static boolean bidi(char c) {
        return c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }

    private static void escape(StringBuilder out, char c) {
        switch (c) {
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            default -> out.append(c < 0x80 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
        }
    }
}
