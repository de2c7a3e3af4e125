package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module-path consumer ({@code requires io.socketkit;}) in a child JVM, its module path made from
 * this test's class path: {@code auto} says in one WARN line which module to add when Netty's epoll
 * native module is not resolved, and with that module added it gets EPOLL (issue 14, item 2).
 */
class ModulePathTest {
    private static final String CONSUMER = "module consumer {\n    requires io.socketkit;\n}\n";
    private static final String MAIN = "package consumer;\n"
            + "public final class Main {\n"
            + "    public static void main(String[] args) {\n"
            + "        System.out.println(io.socketkit.Sockets.provider());\n"
            + "    }\n"
            + "}\n";
    private static final long RUN_SECONDS = 60;

    @TempDir
    Path tempDir;
    private String nativeModule;
    private String modulePath;

    @BeforeEach
    void consumerCompiled() throws IOException, InterruptedException {
        String arch = System.getProperty("os.arch");
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && (arch.equals("amd64") || arch.equals("aarch64")), "epoll's native modules are for Linux x86_64 and aarch64");
        assumeTrue(Transport.EPOLL.isAvailable(), () -> "epoll does not load here: " + Transport.EPOLL.unavailabilityCause());
        nativeModule = "io.netty.transport.epoll.linux." + (arch.equals("amd64") ? "x86_64" : "aarch_64");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // socketkit and Netty, nothing of the tests: toolkit-api and toolkit-netty as built, Netty's jars.
        modulePath = Stream.of(classPath.split(File.pathSeparator))
                .filter(entry -> entry.contains("toolkit-api") || entry.replace(File.separatorChar, '/').endsWith("toolkit-netty/target/classes")
                        || (entry.contains(File.separator + "netty-") && !entry.contains("boringssl")))
                .collect(Collectors.joining(File.pathSeparator));
        Path source = tempDir.resolve("src");
        Files.createDirectories(source.resolve("consumer"));
        Files.writeString(source.resolve("module-info.java"), CONSUMER);
        Files.writeString(source.resolve("consumer/Main.java"), MAIN);
        Run compiled = run("javac", "--module-path", modulePath, "-d", tempDir.resolve("consumer").toString(),
                source.resolve("module-info.java").toString(), source.resolve("consumer/Main.java").toString());
        assertThat(compiled.exit()).as("the consumer module compiles: %s", compiled.err()).isZero();
    }

    /** What a run of the consumer printed, and its exit status. */
    private record Run(int exit, String out, String err) {
    }

    /** Runs the consumer with the extra options. */
    private Run runConsumer(String... options) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("--module-path", modulePath + File.pathSeparator + tempDir.resolve("consumer")));
        arguments.addAll(List.of(options));
        arguments.addAll(List.of("-m", "consumer/consumer.Main"));
        return run("java", arguments.toArray(new String[0]));
    }

    /** Runs one of this JDK's tools, within {@value #RUN_SECONDS} seconds. */
    private Run run(String tool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", tool).toString()));
        command.addAll(List.of(arguments));
        Path out = tempDir.resolve("out.txt");
        Path err = tempDir.resolve("err.txt");
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!child.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError(tool + " did not end within " + RUN_SECONDS + " s: " + command);
        }
        return new Run(child.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip(),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("without the native module: NIO, and one WARN line naming the --add-modules to use")
    void nativeModuleMissing() throws Exception {
        Run run = runConsumer();
        assertThat(run.exit()).as("exit status; stderr: %s", run.err()).isZero();
        assertThat(run.out()).isEqualTo("NettyProvider[nio]");
        assertThat(run.err().lines().filter(line -> line.contains("--add-modules")))
                .as("stderr: %s", run.err()).singleElement(InstanceOfAssertFactories.STRING)
                .contains("--add-modules " + nativeModule).contains("NIO");
    }

    @Test
    @DisplayName("with --add-modules the native module: EPOLL, and no warning")
    void nativeModuleAdded() throws Exception {
        Run run = runConsumer("--add-modules", nativeModule);
        assertThat(run.exit()).as("exit status; stderr: %s", run.err()).isZero();
        assertThat(run.out()).isEqualTo("NettyProvider[epoll]");
        assertThat(run.err()).doesNotContain("--add-modules");
    }

    @Test
    @DisplayName("asking for epoll without the native module fails, naming the --add-modules to use")
    void explicitTransportExplains() throws Exception {
        Run run = runConsumer("-Dsocketkit.transport=epoll");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("--add-modules " + nativeModule);
    }
}
