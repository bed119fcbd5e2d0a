package io.agentmemory.functions.testing.crac;

public class CheckpointException extends Exception {
}
