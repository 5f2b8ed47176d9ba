package dev.berth.text;

/**
 * The rule for free text a user gives berth (a reason, an approver's name): one line of printable
 * characters, not blank, within a length. Checked before any call, so that nothing a terminal or
 * AWS would choke on reaches a change set, a history or a log.
 */
public final class FreeText {
    private FreeText() {
    }

    /** What is wrong with {@code value}, or null when it is acceptable free text of at most {@code max} characters. */
    public static String problem(String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            return "it is empty or blank";
        }
        if (value.length() > max) {
            return "it is longer than " + max + " characters (" + value.length() + ")";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || c == '\ufffe' || c == '\uffff') {
                return "it is not valid Unicode text (U+" + hex(c) + " at position " + i + ")";
            } else if (ForeignText.needsEscape(c)) {
                return "it holds a control character (U+" + hex(c) + " at position " + i + ")";
            }
        }
        return null;
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
