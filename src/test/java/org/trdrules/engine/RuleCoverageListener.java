package org.trdrules.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Records which rules fire anywhere in a test run, for {@link RuleCoverageIT}. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener} in the test resources, so it sees
 * every test of the run: it installs the engine's internal firing observer ({@link RuleFirings}) when the launcher
 * session opens and, when it closes, writes the names of the rules that fired (one a line, sorted) to a new file in
 * {@code target/rule-firings/} (system property {@code trd.ruleFirings.dir}). Rule names only, never patient data.
 */
public final class RuleCoverageListener implements LauncherSessionListener {

    /** Where the firing files go; the build empties it before the tests run. */
    static Path dir() {
        return Path.of(System.getProperty("trd.ruleFirings.dir", "target/rule-firings"));
    }

    private final Set<String> fired = ConcurrentHashMap.newKeySet();

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        RuleFirings.observe(fired::add);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        RuleFirings.observe(null);
        if (fired.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(dir());
            Path out = dir().resolve("fired-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".txt");
            Files.write(out, new TreeSet<>(fired), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
