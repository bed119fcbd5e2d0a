package io.agentmemory.bench.report;

/** The deployment artifact every function ships: its size as uploaded and unzipped (Lambda's 250 MB limit). */
public record ArtifactSize(String path, long bytes, long unzippedBytes, int entries) {
}
