/*
 * The values the berth steps take, checked by type: text (what a command-line argument can carry),
 * booleans (also as the strings a build parameter gives), whole numbers, durations, reasons and
 * approvers; and values shown safely in messages, logs and the build description. Every check fails
 * the step with its name, the option and the value (control characters escaped, long values shortened).
 * Methods that call steps run as CPS code (see berthCli).
 */

/** The longest text a step passes on; AWS's longest fields here (role ARNs) hold 2048 characters. */
int maxText() {
    return 2048
}

/** A value for an error message: quoted, control characters and invalid Unicode escaped, long values shortened. */
@NonCPS
String show(Object value) {
    if (value == null) {
        return 'null'
    }
    if (!(value instanceof CharSequence)) {
        return printable(value.toString(), 80) + " (${value.getClass().simpleName})"
    }
    return "'" + printable(value.toString(), 80) + "'"
}

/** {@code text} with what a terminal or a page would act on escaped (\n, \e, \u0007, lone surrogates), at most {@code limit} characters. */
@NonCPS
String printable(String text, int limit) {
    StringBuilder out = new StringBuilder()
    int i = 0
    while (i < text.length() && i < limit) {
        int c = text.codePointAt(i)
        int width = Character.charCount(c)
        if (c == 10) {
            out.append('\\n')
        } else if (c == 13) {
            out.append('\\r')
        } else if (c == 9) {
            out.append('\\t')
        } else if (c == 27) {
            out.append('\\e')
        } else if (Character.isISOControl(c) || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
            out.append(String.format('\\u%04X', c))
        } else {
            out.appendCodePoint(c)
        }
        i += width
    }
    if (i < text.length()) {
        out.append("… (${text.length()} characters)")
    }
    return out.toString()
}

/** What no command-line argument can carry: a NUL, or a lone surrogate (not Unicode, so not UTF-8 either). */
@NonCPS
String unsendable(String text) {
    for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i)
        if (c == (char) 0) {
            return 'a NUL character'
        }
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            i++
        } else if (Character.isSurrogate(c)) {
            return 'invalid Unicode (a lone surrogate)'
        }
    }
    return null
}

@NonCPS
boolean hasControl(String text) {
    for (int i = 0; i < text.length(); i++) {
        if (Character.isISOControl(text.charAt(i))) {
            return true
        }
    }
    return false
}

/**
 * A text option as berth's argument: a string or a number, at most maxText() characters, no NUL and
 * no lone surrogate. Everything else a user types arrives as one literal argument.
 */
String text(String step, String option, Object value) {
    if (!(value instanceof CharSequence || value instanceof Number)) {
        error("${step}: option '${option}' must be a string, got ${show(value)}")
    }
    String string = value.toString()
    String bad = unsendable(string)
    if (bad != null) {
        error("${step}: option '${option}' contains ${bad}: ${show(string)}")
    }
    if (string.length() > maxText()) {
        error("${step}: option '${option}' is too long (${string.length()} characters, at most ${maxText()}): ${show(string)}")
    }
    return string
}

/** A string and nothing else: a path or a name (cli, tool). */
String word(String step, String option, Object value) {
    if (!(value instanceof CharSequence)) {
        error("${step}: option '${option}' must be a string, got ${show(value)}")
    }
    return text(step, option, value)
}

/** A boolean option: true or false, or the strings 'true' and 'false' (a build parameter), in any case. */
boolean flag(String step, String option, Object value) {
    if (value instanceof Boolean) {
        return (Boolean) value
    }
    String string = value instanceof CharSequence ? value.toString().trim().toLowerCase() : null
    if (string != 'true' && string != 'false') {
        error("${step}: option '${option}' must be true or false, got ${show(value)}")
    }
    return string == 'true'
}

/** A whole number from {@code min} to {@code max}, or a string of digits (a build parameter). */
int count(String step, String option, Object value, int min, int max) {
    String digits = value instanceof Integer || value instanceof Long || value instanceof BigInteger ? value.toString()
            : (value instanceof CharSequence ? value.toString().trim() : '')
    if (!(digits ==~ /-?\d{1,9}/) || (digits as int) < min || (digits as int) > max) {
        error("${step}: option '${option}' must be a whole number from ${min} to ${max}, got ${show(value)}")
    }
    return digits as int
}

/** A duration as berth reads it: 90s, 20m, 1h30m, 500ms, a number of seconds, or ISO-8601 (PT20M). */
String duration(String step, String option, Object value) {
    String string = text(step, option, value)
    if (!positiveDuration(string.trim())) {
        error("${step}: option '${option}' must be a duration such as '20m', '90s', '1h30m' or 'PT20M', got ${show(value)}")
    }
    return string
}

@NonCPS
boolean positiveDuration(String text) {
    if (text ==~ /\d{1,9}/) {
        return (text as long) > 0
    }
    if (text.toUpperCase().startsWith('P')) {
        try {
            java.time.Duration parsed = java.time.Duration.parse(text.toUpperCase())
            return !parsed.isNegative() && !parsed.isZero()
        } catch (Exception notIso) {
            return false
        }
    }
    def m = text =~ /^(?:(\d{1,6})h)?(?:(\d{1,6})m(?!s))?(?:(\d{1,6})s)?(?:(\d{1,9})ms)?$/
    if (text.isEmpty() || !m.matches()) {
        return false
    }
    return (1..4).any { m.group(it) != null && (m.group(it) as long) > 0 }
}

/** Why, recorded with the change set: printable on one line (CloudFormation refuses control characters), at most 1024. */
String reason(String step, String option, Object value) {
    String string = text(step, option, value)
    if (hasControl(string) || string.length() > 1024) {
        error("${step}: option '${option}' must be printable text on one line, at most 1024 characters, got ${show(value)}")
    }
    return string
}

/** A list option, each element a text: a list, or one string of comma-separated values when {@code commas}. */
List texts(String step, String option, Object value, boolean commas = false) {
    if (value != null && !(value instanceof Collection || value instanceof CharSequence || value instanceof Number)) {
        error("${step}: option '${option}' must be a list of strings, got ${show(value)}")
    }
    List values = value == null ? [] : (value instanceof Collection ? new ArrayList((Collection) value)
            : (commas ? splitCommas(value.toString()) : [value]))
    List result = []
    for (int i = 0; i < values.size(); i++) {
        result << text(step, option, values[i])
    }
    return result
}

/**
 * Who may approve, for the input step's submitter (Jenkins reads an empty one as "anyone"): user ids
 * or groups, a list or 'a,b', trimmed, printable, no comma inside a name; at least one, or the step fails.
 */
List approvers(String step, String option, Object value) {
    List given = texts(step, option, value, true)
    List names = []
    for (int i = 0; i < given.size(); i++) {
        String name = given[i].trim()
        if (name.contains(',') || hasControl(name) || name.length() > 100) {
            error("${step}: option '${option}' holds ${show(given[i])}, which is not a user id or group " +
                    "(printable, no comma, at most 100 characters)")
        }
        if (!name.isEmpty()) {
            names << name
        }
    }
    if (names.isEmpty()) {
        error("${step}: option '${option}' names nobody (got ${show(value)}); name who may approve, " +
                "or leave the option out to run without approval")
    }
    return names
}

@NonCPS
List splitCommas(String value) {
    List parts = []
    for (String part : value.split(',')) {
        if (!part.trim().isEmpty()) {
            parts << part.trim()
        }
    }
    return parts
}

/** Text for the build description, which Jenkins may render as HTML: escaped, control characters shown as escapes. */
@NonCPS
String html(Object text) {
    return text == null ? '' : printable(text.toString(), 2000).replace('&', '&amp;').replace('<', '&lt;')
            .replace('>', '&gt;').replace('"', '&quot;').replace("'", '&#39;')
}

/** berthValues itself is not a step. */
def call(Map ignored = [:]) {
    error('berthValues: this is the berth steps\' plumbing; call ecsDeploy, ecrPush, ecsRollback, ecsRelease or ecsStatus')
}
