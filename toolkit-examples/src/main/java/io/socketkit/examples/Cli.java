package io.socketkit.examples;

import java.io.PrintWriter;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How the examples' command line reports what goes wrong: one line on stderr, no stack trace unless
 * {@code --verbose}, and an exit code that says whose mistake it was.
 *
 * <table>
 * <caption>Exit codes</caption>
 * <tr><th>code</th><th>meaning</th></tr>
 * <tr><td>0</td><td>done: a server stopped by SIGINT/SIGTERM, a client whose server closed, selftest with NIO TCP working</td></tr>
 * <tr><td>1</td><td>a runtime failure: port in use, unknown host, connection refused, a transport not here, a missing file</td></tr>
 * <tr><td>2</td><td>a usage error: an unknown option, a value that does not parse or is out of range (picocli's code)</td></tr>
 * </table>
 */
public final class Cli {
    /** Exit code of a runtime failure. */
    public static final int FAILURE = 1;
    /** Exit code of a usage error (picocli's {@code ExitCode.USAGE}). */
    public static final int USAGE = CommandLine.ExitCode.USAGE;
    /** The option that adds the stack trace to an error. */
    public static final String VERBOSE = "--verbose";

    private Cli() {
    }

    /**
     * Installs the error reporting on a command line.
     *
     * @param commandLine the root command line
     * @return the same command line
     */
    public static CommandLine configure(CommandLine commandLine) {
        return commandLine.setParameterExceptionHandler(Cli::usageError).setExecutionExceptionHandler(Cli::failure);
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage())
                + " (see " + command.getCommandSpec().qualifiedName() + " --help)");
        if (verbose(command.getParseResult())) {
            e.printStackTrace(err);
        }
        err.flush();
        return USAGE;
    }

    private static int failure(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + message(e));
        if (verbose(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    /** Whether {@code --verbose} was given to the command or any of its parents. */
    private static boolean verbose(ParseResult parsed) {
        // The command chain is as deep as the subcommands nest: two here.
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An exception as one line: its message, or its type's name when it has none.
     *
     * @param e the exception
     * @return the line
     */
    public static String message(Throwable e) {
        String text = e.getMessage();
        if (text == null || text.isBlank()) {
            return e.getCause() != null && e.getCause() != e ? message(e.getCause()) : e.getClass().getSimpleName();
        }
        return oneLine(text);
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /**
     * Parses {@code --bind} or {@code --connect}: a value that does not parse is a usage error, a host
     * that does not resolve a runtime failure.
     *
     * @param spec the command
     * @param option the option's name, for the message
     * @param text the value
     * @param kind the kind: Unix kinds take a path
     * @return the address
     * @throws ParameterException if the value does not parse (a port out of range, no port)
     * @throws UnknownHostException if the host does not resolve
     */
    public static SocketAddress address(CommandSpec spec, String option, String text, ExampleKind kind) throws UnknownHostException {
        try {
            return Addresses.parse(text, kind);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    /**
     * Checks a whole-number option's range.
     *
     * @param spec the command
     * @param option the option's name
     * @param value its value
     * @param min the smallest allowed
     * @return {@code value}
     * @throws ParameterException if {@code value < min}
     */
    public static long atLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + " must be " + min + " or more, got " + value);
        }
        return value;
    }

    /**
     * Checks that a duration option is more than zero.
     *
     * @param spec the command
     * @param option the option's name
     * @param value its value, or null when not given
     * @return {@code value}
     * @throws ParameterException if {@code value} is zero
     */
    public static Duration positive(CommandSpec spec, String option, Duration value) {
        if (value != null && value.isZero()) {
            throw new ParameterException(spec.commandLine(), option + " must be more than zero");
        }
        return value;
    }
}
