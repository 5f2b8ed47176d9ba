package dev.berth.cli;

import dev.berth.engine.BerthException;
import dev.berth.engine.RefusedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code berth}: the top command. */
@Command(name = "berth",
        mixinStandardHelpOptions = true,
        versionProvider = BerthCommand.Version.class,
        description = "Continuous delivery of Docker containers to Amazon ECS, with a local AWS to rehearse on.",
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  succeeded, or nothing to change",
                "  1  internal error",
                "  2  usage error",
                "  3  refused before any change (bad input, pre-flight)",
                "  4  failed and rolled back: the service runs the previous version",
                "  5  failed and not restored, or needs attention",
                "  6  timed out without a verdict"})
public final class BerthCommand implements Callable<Integer> {
    public static final int USAGE = 2;
    public static final int REFUSED = 3;
    public static final int INTERNAL = 1;

    /** The subcommands, in the order help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(DemoCommand.class, PushCommand.class, DeployCommand.class,
            PlanCommand.class, RollbackCommand.class, HistoryCommand.class, WaitCommand.class, StatusCommand.class,
            ClusterCommand.class, CapacityCommand.class, SimCommand.class, CommandLine.HelpCommand.class);

    private final CliContext context;

    @Spec
    CommandSpec spec;

    public BerthCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    public static CommandLine commandLine() {
        return commandLine(CliContext.system());
    }

    public static CommandLine commandLine(CliContext context) {
        return commandLine(context, SUBCOMMANDS);
    }

    /**
     * The command line for {@code args}: when they start with a subcommand's name, with that
     * subcommand only, so that a command does not pay at start-up for building every other
     * command's model; otherwise (help, which lists them, or a typo) with all of them.
     */
    public static CommandLine commandLineFor(CliContext context, String... args) {
        if (args.length > 0 && !"help".equals(args[0])) {
            for (Class<?> subcommand : SUBCOMMANDS) {
                if (subcommand.getAnnotation(Command.class).name().equals(args[0])) {
                    return commandLine(context, List.of(subcommand));
                }
            }
        }
        return commandLine(context);
    }

    private static CommandLine commandLine(CliContext context, List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(new BerthCommand(context));
        subcommands.forEach(commandLine::addSubcommand);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        literalArguments(commandLine);
        commandLine.setExecutionExceptionHandler(BerthCommand::handle);
        commandLine.setParameterExceptionHandler(BerthCommand::usageError);
        return commandLine;
    }

    /**
     * Every argument is a literal value: "@file" is never read as a file of further arguments, by
     * the command or by any subcommand (picocli does not pass this setting down by itself).
     */
    private static void literalArguments(CommandLine commandLine) {
        commandLine.setExpandAtFiles(false);
        commandLine.getSubcommands().values().forEach(BerthCommand::literalArguments);
    }

    /**
     * A usage error: the message (long values cut short, control characters escaped), then the
     * suggestions or the usage. Exit 2.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getColorScheme().errorText(Messages.safe(e.getMessage(), java.util.Arrays.asList(args))));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            commandLine.usage(err, commandLine.getColorScheme());
        }
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Refusals exit 3 and say what to fix; other failures exit 1. Messages go to stderr, once. */
    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        String command = commandLine.getCommandSpec().qualifiedName();
        java.util.List<String> args = parseResult == null ? java.util.List.of() : parseResult.originalArgs();
        if (e instanceof RefusedException) {
            err.println(command + ": refused: " + Messages.safe(e.getMessage(), args));
            err.flush();
            return REFUSED;
        }
        if (e instanceof BerthException) {
            err.println(command + ": " + Messages.safe(e.getMessage(), args));
        } else {
            err.println(command + ": internal error: " + Messages.safe(String.valueOf(e), args));
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(dev.berth.text.ForeignText.lines(trace.toString().replace("\t", "    ")));
        }
        err.flush();
        return INTERNAL;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BerthCommand.class.getPackage().getImplementationVersion();
            return new String[] {"berth " + (version == null ? "development build" : version)};
        }
    }
}
