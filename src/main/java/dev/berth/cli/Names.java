package dev.berth.cli;

import dev.berth.text.ForeignText;
import dev.berth.text.FreeText;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.regex.Pattern;

/** Checks names and ARNs before any AWS call, naming the option and echoing the bad value. */
final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final Pattern ARN_PREFIX = Pattern.compile("arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:");
    private static final Pattern TASK_DEFINITION = Pattern.compile("[A-Za-z0-9_-]{1,255}(:[1-9][0-9]{0,8})?");

    private Names() {
    }

    static void cluster(CommandSpec spec, String option, String value) {
        resource(spec, option, value, "cluster/", "a cluster name (letters, digits, - and _) or cluster ARN");
    }

    static void service(CommandSpec spec, String option, String value) {
        if (value.startsWith("arn:")) {
            String rest = ARN_PREFIX.matcher(value).lookingAt() ? value.replaceFirst(ARN_PREFIX.pattern(), "") : "";
            if (rest.matches("service/([A-Za-z0-9_-]{1,255}/)?[A-Za-z0-9_-]{1,255}")) {
                return;
            }
        } else if (NAME.matcher(value).matches()) {
            return;
        }
        throw bad(spec, option, value, "a service name (letters, digits, - and _) or service ARN");
    }

    private static final Pattern STACK = Pattern.compile("[A-Za-z][-A-Za-z0-9]{0,127}"
            + "|arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:\\d{12}:stack/[A-Za-z][-A-Za-z0-9]*/[-a-f0-9]+");

    static void stack(CommandSpec spec, String option, String value) {
        if (!STACK.matcher(value).matches()) {
            throw bad(spec, option, value, "a stack name (a letter, then letters, digits and hyphens) or stack ARN");
        }
    }

    static void version(CommandSpec spec, String option, String value) {
        if (!dev.berth.engine.deploy.DeployOptions.validVersion(value)) {
            throw bad(spec, option, value, "an image tag (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-')");
        }
    }

    /** A person's name or user id as Jenkins or a directory gives it: printable, one line, at most 100 characters. */
    static void person(CommandSpec spec, String option, String value) {
        String problem = FreeText.problem(value, 100);
        if (problem != null) {
            throw bad(spec, option, value, "a name or user id (printable characters on one line, at most 100): " + problem);
        }
    }

    /** Free text such as a reason: printable characters on one line, at most {@code max}. */
    static void text(CommandSpec spec, String option, String value, int max) {
        String problem = FreeText.problem(value, max);
        if (problem != null) {
            throw bad(spec, option, value, "text of printable characters on one line, at most " + max + ": " + problem);
        }
    }

    /** Free text that may be empty (a build argument's or a template parameter's value): no control characters. */
    static void value(CommandSpec spec, String option, String value, int max) {
        String problem = value == null || value.isEmpty() ? null : FreeText.problem(value.isBlank() ? "x" + value : value, max);
        if (problem != null) {
            throw bad(spec, option, value, "a value of printable characters on one line, at most " + max + ": " + problem);
        }
    }

    /** A file or folder name: printable characters, not blank. */
    static void path(CommandSpec spec, String option, java.nio.file.Path path) {
        if (path != null) {
            String problem = FreeText.problem(path.toString().isEmpty() ? " " : path.toString(), 4096);
            if (problem != null) {
                throw bad(spec, option, path.toString(), "a file name of printable characters: " + problem);
            }
        }
    }

    /** A value that must match {@code pattern} in full, at most {@code max} characters. */
    static void matching(CommandSpec spec, String option, String value, Pattern pattern, int max, String expected) {
        if (value != null && (value.length() > max || !pattern.matcher(value).matches())) {
            throw bad(spec, option, value, expected);
        }
    }

    static final Pattern PARAMETER = Pattern.compile("[A-Za-z0-9]{1,255}");
    static final Pattern IMAGE = Pattern.compile("(?:[A-Za-z0-9.-]+(?::[0-9]{1,5})?/)?"
            + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
            + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?");

    static void parameter(CommandSpec spec, String option, String value) {
        matching(spec, option, value, PARAMETER, 255, "a template parameter name (letters and digits)");
    }

    static void image(CommandSpec spec, String option, String value) {
        matching(spec, option, value, IMAGE, 512, "an image reference such as web:1.4.2 or registry:5000/team/web:1.4.2");
    }

    static void taskDefinition(CommandSpec spec, String option, String value) {
        if (value.startsWith("arn:")) {
            String rest = ARN_PREFIX.matcher(value).lookingAt() ? value.replaceFirst(ARN_PREFIX.pattern(), "") : "";
            if (rest.startsWith("task-definition/") && TASK_DEFINITION.matcher(rest.substring(16)).matches()
                    && rest.contains(":")) {
                return;
            }
        } else if (TASK_DEFINITION.matcher(value).matches()) {
            return;
        }
        throw bad(spec, option, value, "family, family:revision or a task definition ARN");
    }

    private static void resource(CommandSpec spec, String option, String value, String arnType, String expected) {
        if (value.startsWith("arn:")) {
            String rest = ARN_PREFIX.matcher(value).lookingAt() ? value.replaceFirst(ARN_PREFIX.pattern(), "") : "";
            if (rest.startsWith(arnType) && NAME.matcher(rest.substring(arnType.length())).matches()) {
                return;
            }
        } else if (NAME.matcher(value).matches()) {
            return;
        }
        throw bad(spec, option, value, expected);
    }

    private static CommandLine.ParameterException bad(CommandSpec spec, String option, String value, String expected) {
        return new CommandLine.ParameterException(spec.commandLine(),
                "Invalid value for option '" + option + "': '" + ForeignText.echo(value) + "' is not " + expected);
    }
}
