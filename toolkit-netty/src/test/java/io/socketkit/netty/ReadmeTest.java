package io.socketkit.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Compiles every Java snippet of the README, so that the README cannot rot (issue 14, item 5). The
 * convention, which the README states too:
 *
 * <ul>
 * <li>A {@code ```java} block is a whole source file (imports, then top-level types; or a module
 *     declaration, compiled as {@code module-info.java} against the same jars on the module path) and is
 *     compiled as it stands.
 * <li>A block right after the line {@code <!-- compile: method(PARAMETERS) -->} is a fragment: its
 *     leading {@code import} lines open the file, the rest is the body of a method
 *     {@code static void snippet(PARAMETERS) throws Exception} of a class of its own; the parameters
 *     (fully qualified types) are what the prose around the fragment gives it.
 * </ul>
 *
 * Each block is compiled alone, for Java 17, against what the README's consumer POM brings: toolkit-api,
 * toolkit-netty, Netty and micrometer-core, nothing of the tests. A {@code compile:} line that is not
 * right before a Java block, a marker of another form, or a block of another language that looks like
 * Java fails the test, so no snippet is skipped unnoticed. The XML blocks must be well-formed, and every
 * socketkit version in them must be the project's.
 */
class ReadmeTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern FENCE = Pattern.compile("^```\\s*([\\w+-]*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*compile:(.*?)-->\\s*$");
    private static final Pattern METHOD = Pattern.compile("^\\s*method\\((.*)\\)\\s*$");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?[\\w.]+(\\.\\*)?;\\s*$");
    private static final Pattern MODULE = Pattern.compile("^(open\\s+)?module\\s+[\\w.]+\\s*\\{", Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile("^(public\\s+)?(final\\s+|abstract\\s+)*(class|interface|record|enum)\\s+(\\w+)",
            Pattern.MULTILINE);
    /** A line of a non-Java block that would be Java: an import, a package, or a statement's semicolon. */
    private static final Pattern LOOKS_LIKE_JAVA = Pattern.compile("^\\s*(import|package)\\s+[\\w.]+;|;\\s*$", Pattern.MULTILINE);

    /** One fenced block: its language, its marker (or null), where its first line is, its text. */
    record Block(String language, String marker, int firstLine, String text) {
        String name() {
            String first = text.lines().filter(line -> !line.isBlank()).findFirst().orElse("").trim();
            return "README line " + firstLine + ": " + (first.length() > 60 ? first.substring(0, 60) + "..." : first);
        }
    }

    /** Every fenced block of a Markdown text, each with the {@code compile:} marker right before it. */
    static List<Block> blocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String marker = null;
            for (int before = i - 1; before >= 0; before--) {
                if (!lines.get(before).isBlank()) {
                    Matcher m = MARKER.matcher(lines.get(before).trim());
                    marker = m.matches() ? m.group(1).trim() : null;
                    break;
                }
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).trim().equals("```")) {
                end++;
            }
            if (end == lines.size()) {
                throw new AssertionError("README line " + (i + 1) + ": a code block that is never closed");
            }
            blocks.add(new Block(open.group(1).toLowerCase(Locale.ROOT), marker, i + 2,
                    String.join("\n", lines.subList(i + 1, end)) + "\n"));
            i = end;
        }
        return blocks;
    }

    private static List<String> readme() throws IOException {
        assertThat(README).as("the README, from toolkit-netty's folder").exists();
        return Files.readAllLines(README, StandardCharsets.UTF_8);
    }

    /**
     * The source file to compile for a block, its lines where the block's lines are (so that a
     * compiler's line number, plus the block's first line, is the README's line).
     *
     * @return the class name and the source
     */
    static String[] source(Block block) {
        if (block.marker() == null && MODULE.matcher(block.text()).find()) {
            return new String[] {"module-info", block.text()};
        }
        if (block.marker() == null) {
            Matcher type = TYPE.matcher(block.text());
            String name = null;
            while (type.find()) {
                if (name == null || type.group(1) != null) {
                    name = type.group(4);
                }
            }
            if (name == null) {
                throw new AssertionError(block.name() + ": no top-level class; a fragment needs a <!-- compile: method(...) --> line before it");
            }
            return new String[] {name, block.text()};
        }
        Matcher method = METHOD.matcher(block.marker());
        if (!method.matches()) {
            throw new AssertionError(block.name() + ": unknown marker 'compile:" + block.marker() + "'; the one form is compile: method(PARAMETERS)");
        }
        String name = "Snippet" + block.firstLine();
        StringBuilder source = new StringBuilder();
        boolean inBody = false;
        for (String line : block.text().split("\n", -1)) {
            if (!inBody && (line.isBlank() || IMPORT.matcher(line).matches())) {
                source.append(line).append('\n');
                continue;
            }
            if (!inBody) {
                source.append("final class ").append(name).append(" { static void snippet(").append(method.group(1))
                        .append(") throws Exception { ");
                inBody = true;
            }
            source.append(line).append('\n');
        }
        source.append("} }\n");
        return new String[] {name, source.toString()};
    }

    /** The class path of a consumer that follows the README's POM, taken from this test's class path. */
    private static String consumerClassPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = Stream.of(classPath.split(File.pathSeparator)).filter(entry -> {
            String path = entry.replace(File.separatorChar, '/');
            String file = path.substring(path.lastIndexOf('/') + 1);
            return path.contains("toolkit-api") || path.endsWith("toolkit-netty/target/classes")
                    || (file.startsWith("netty-") && !file.contains("tcnative")) || file.startsWith("micrometer-")
                    || file.startsWith("HdrHistogram") || file.startsWith("LatencyUtils");
        }).collect(Collectors.toList());
        assertThat(kept).as("toolkit-api, toolkit-netty and micrometer-core on the class path").anySatisfy(e -> assertThat(e).contains("toolkit-api"))
                .anySatisfy(e -> assertThat(e).contains("micrometer-core"));
        return String.join(File.pathSeparator, kept);
    }

    @TestFactory
    @DisplayName("every Java snippet of the README compiles (Java 17, the consumer POM's class path)")
    Stream<DynamicTest> javaSnippetsCompile(@TempDir Path out) throws IOException {
        List<Block> java = blocks(readme()).stream().filter(b -> b.language().equals("java")).collect(Collectors.toList());
        assertThat(java).as("Java blocks in the README").isNotEmpty();
        String classPath = consumerClassPath();
        // javac in this JVM through java.base's ToolProvider (the test module does not read java.compiler).
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac in " + System.getProperty("java.home")));
        return java.stream().map(block -> DynamicTest.dynamicTest(block.name(), () -> {
            String[] source = source(block);
            Path dir = Files.createDirectories(out.resolve("line" + block.firstLine()));
            Path file = Files.writeString(dir.resolve(source[0] + ".java"), source[1], StandardCharsets.UTF_8);
            // A module declaration compiles against the same jars as modules, the others on the class path.
            boolean module = source[0].equals("module-info");
            StringWriter output = new StringWriter();
            int status = javac.run(new PrintWriter(output), new PrintWriter(output), "--release", "17", "-proc:none",
                    "-Xlint:deprecation,removal", "-Werror", "-encoding", "UTF-8", module ? "--module-path" : "-classpath", classPath,
                    "-d", dir.resolve("classes").toString(), file.toString());
            // file:LINE: error: ... becomes README line N: error: ...
            Matcher at = Pattern.compile(Pattern.quote(file.toString()) + ":(\\d+):").matcher(output.toString());
            StringBuilder report = new StringBuilder();
            while (at.find()) {
                at.appendReplacement(report, "README line " + (block.firstLine() + Integer.parseInt(at.group(1)) - 1) + ":");
            }
            at.appendTail(report);
            assertThat(status).as("%s does not compile:%n%s", block.name(), report).isZero();
        }));
    }

    @Test
    @DisplayName("no snippet escapes: every compile: line is right before a Java block, and no other block looks like Java")
    void noSnippetSkipped() throws IOException {
        List<String> lines = readme();
        List<Block> blocks = blocks(lines);
        long markers = lines.stream().filter(line -> MARKER.matcher(line.trim()).matches()).count();
        long marked = blocks.stream().filter(b -> b.marker() != null).count();
        assertThat(marked).as("compile: lines right before a code block").isEqualTo(markers);
        assertThat(blocks).filteredOn(b -> b.marker() != null).allSatisfy(b -> assertThat(b.language()).as(b.name()).isEqualTo("java"));
        assertThat(blocks).filteredOn(b -> !b.language().equals("java") && !b.language().equals("xml"))
                .allSatisfy(b -> assertThat(LOOKS_LIKE_JAVA.matcher(b.text()).find())
                        .as("%s looks like Java: mark it ```java", b.name()).isFalse());
    }

    @Test
    @DisplayName("the convention finds what it should: a fragment, a whole file, an unmarked fragment refused")
    void conventionItself() {
        List<Block> blocks = blocks(List.of("text", "<!-- compile: method(java.net.SocketAddress address) -->", "```java",
                "import java.time.Duration;", "", "Duration d = Duration.ZERO;", "```", "", "```java",
                "import java.util.List;", "final class Helper {}", "public class Main {}", "```", "```sh", "ls", "```"));
        assertThat(blocks).extracting(Block::language).containsExactly("java", "java", "sh");
        String[] fragment = source(blocks.get(0));
        assertThat(fragment[0]).isEqualTo("Snippet4");
        assertThat(fragment[1].split("\n")).containsExactly("import java.time.Duration;", "",
                "final class Snippet4 { static void snippet(java.net.SocketAddress address) throws Exception { Duration d = Duration.ZERO;",
                "", "} }");
        assertThat(source(blocks.get(1))[0]).isEqualTo("Main");
        assertThat(source(new Block("java", null, 1, "module a.b {\n    requires io.socketkit;\n}\n"))[0]).isEqualTo("module-info");
        Block unmarked = new Block("java", null, 1, "Duration d = Duration.ZERO;\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> source(unmarked)).hasMessageContaining("fragment");
        Block wrongMarker = new Block("java", "wrap", 1, "int x = 1;\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> source(wrongMarker)).hasMessageContaining("unknown marker");
        assertThat(LOOKS_LIKE_JAVA.matcher("mvn -B verify\n").find()).isFalse();
        assertThat(LOOKS_LIKE_JAVA.matcher("Socket s = Sockets.socket();\n").find()).isTrue();
    }

    @Test
    @DisplayName("the README's XML is well-formed and names socketkit at the project's version")
    void xmlBlocks() throws Exception {
        List<Block> xml = blocks(readme()).stream().filter(b -> b.language().equals("xml")).collect(Collectors.toList());
        assertThat(xml).as("XML blocks in the README (the consumer POM)").isNotEmpty();
        Document parent = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("..", "pom.xml").toFile());
        String version = child(parent.getDocumentElement(), "version");
        int checked = 0;
        for (Block block : xml) {
            String text = block.text().replaceFirst("^<\\?xml[^>]*>", "");
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new InputSource(new StringReader("<readme>" + text + "</readme>")));
            NodeList groups = document.getElementsByTagName("groupId");
            for (int i = 0; i < groups.getLength(); i++) {
                Node group = groups.item(i);
                Node owner = group.getParentNode();
                String ownerVersion = child(owner, "version");
                if (group.getTextContent().trim().equals("io.socketkit") && ownerVersion != null) {
                    assertThat(ownerVersion).as("%s: %s's version", block.name(), child(owner, "artifactId")).isEqualTo(version);
                    checked++;
                }
            }
        }
        assertThat(checked).as("socketkit versions in the README's XML").isPositive();
    }

    private static String child(Node element, String name) {
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element && node.getNodeName().equals(name)) {
                return node.getTextContent().trim();
            }
        }
        return null;
    }
}
