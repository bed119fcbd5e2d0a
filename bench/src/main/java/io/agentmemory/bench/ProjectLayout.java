package io.agentmemory.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's root is, from wherever the benchmark was started (the root, bench/, or below). */
public final class ProjectLayout {

    private ProjectLayout() {
    }

    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("functions"))
                    && Files.isDirectory(dir.resolve("bench"))) {
                return dir;
            }
        }
        return start;
    }
}
