package io.agentmemory.bench.coldstart;

import io.agentmemory.bench.report.ArtifactSize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The functions' deployment artifact (the shaded jar every function's CodeUri names), measured if it was built. */
public final class DeploymentArtifact {

    public static final Path RELATIVE_PATH = Path.of("functions", "target", "memory-functions-aws.jar");

    private DeploymentArtifact() {
    }

    /** @return null when the artifact has not been built (mvn package in functions/) */
    public static ArtifactSize measure(Path projectRoot) throws IOException {
        Path jar = projectRoot.resolve(RELATIVE_PATH);
        if (!Files.isRegularFile(jar)) {
            return null;
        }
        long unzipped = 0;
        int entries = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (!entry.isDirectory()) {
                    unzipped += Math.max(0, entry.getSize());
                    entries++;
                }
            }
        }
        return new ArtifactSize(RELATIVE_PATH.toString(), Files.size(jar), unzipped, entries);
    }
}
