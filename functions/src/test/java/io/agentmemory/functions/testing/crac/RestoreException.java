package io.agentmemory.functions.testing.crac;

public class RestoreException extends Exception {
}
