package org.trdrules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example compiles and runs as written, and says what it does for its own patient. */
class ReadmeSnippetTests {

    @Test
    void theReadmeJavaExampleCompilesAndRuns(@TempDir Path out) throws Exception {
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("README.md")));
        assertTrue(m.find(), "README has a java block");
        String source = """
                package readme;
                import java.time.LocalDate;
                import java.util.List;
                import org.trdrules.*;
                import org.trdrules.assessment.*;
                import org.trdrules.model.*;
                public final class Snippet {
                    public static Object[] run() {
                %s
                        return new Object[] {a, d, maudsley};
                    }
                }
                """.formatted(m.group(1));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        var files = javac.getStandardFileManager(diagnostics, null, null);
        files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///readme/Snippet.java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        StringWriter log = new StringWriter();
        boolean ok = javac.getTask(log, files, diagnostics,
                List.of("-classpath", System.getProperty("java.class.path"), "-proc:none"), null, List.of(unit)).call();
        assertTrue(ok, () -> diagnostics.getDiagnostics().toString() + log);
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {out.toUri().toURL()},
                getClass().getClassLoader())) {
            Object[] r = (Object[]) loader.loadClass("readme.Snippet").getMethod("run").invoke(null);
            assertNotNull(r[0]);
            assertEquals("NOT_MET", ((org.trdrules.assessment.DefinitionResult) r[1]).verdict().name());
            assertEquals("score 4.0 to 8.0", r[2], "the README's comment says what its patient gives");
        }
    }

}
