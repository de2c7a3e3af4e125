package io.socketkit.examples;

import io.socketkit.examples.chat.ChatCommand;
import io.socketkit.examples.client.ClientCommand;
import io.socketkit.examples.echo.EchoCommand;
import io.socketkit.examples.ping.PingCommand;
import io.socketkit.examples.selftest.SelftestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The examples' one entry point: {@code java -jar toolkit-examples.jar echo|chat|client|ping|selftest ...}.
 * Errors are one line on stderr; exit codes are listed in {@link Cli}.
 */
@Command(name = "socketkit-examples", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "socketkit's examples: echo and chat servers, a netcat-like client, ping on a raw socket, a self-test.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (a server stopped by Ctrl-C or SIGTERM, a client whose server closed)",
            "1:a runtime failure (port in use, unknown host, connection refused, transport not here)",
            "2:a usage error (unknown option, a value that does not parse or is out of range)"},
        subcommands = {EchoCommand.class, ChatCommand.class, ClientCommand.class, PingCommand.class, SelftestCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = Cli.VERBOSE, scope = ScopeType.INHERIT, description = "on an error, print its stack trace too")
    private boolean verbose;

    /** The root command, for picocli to fill. */
    public Main() {
    }

    /**
     * Runs a command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        oneLineLogs();
        System.exit(commandLine().execute(args));
    }

    /** java.util.logging's format for the examples, unless the command line sets its own. */
    static final String LOG_FORMAT = "%1$tH:%1$tM:%1$tS.%1$tL %4$s %3$s - %5$s%6$s%n";

    /**
     * The API ({@code System.Logger}), Netty and Lettuce (through SLF4J's binding to it) log through java.util.logging:
     * one line a record, {@code 12:00:00.000 WARNING io.socketkit.server.SocketServer - message}, instead
     * of the JDK's two. Set before the first record, when the formatter reads it.
     */
    private static void oneLineLogs() {
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
        }
    }

    /**
     * The command line, for tests and embedding.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        return Cli.configure(new CommandLine(new Main()));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code --version}: the jar's {@code Implementation-Version}, 0.1.0-SNAPSHOT say. */
    public static final class Version implements CommandLine.IVersionProvider {
        /** A provider for picocli. */
        public Version() {
        }

        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"socketkit examples " + (version != null ? version : "(unpackaged build)")};
        }
    }
}
