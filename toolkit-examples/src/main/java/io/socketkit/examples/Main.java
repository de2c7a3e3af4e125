package io.socketkit.examples;

import io.socketkit.examples.chat.ChatCommand;
import io.socketkit.examples.client.ClientCommand;
import io.socketkit.examples.echo.EchoCommand;
import io.socketkit.examples.selftest.SelftestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The examples' one entry point: {@code java -jar toolkit-examples.jar echo|chat|client|selftest ...}. */
@Command(name = "socketkit-examples", mixinStandardHelpOptions = true, version = "socketkit examples 0.1.0",
        description = "socketkit's examples: echo and chat servers, a netcat-like client, a self-test.",
        subcommands = {EchoCommand.class, ChatCommand.class, ClientCommand.class, SelftestCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs a command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, for tests and embedding.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
