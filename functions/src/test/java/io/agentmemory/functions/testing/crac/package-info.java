/**
 * A checkpoint/restore runtime for tests. The Lambda Java runtime drives {@code org.crac} resources for SnapStart;
 * a plain JDK has no such runtime, so {@code org.crac} drops registrations. Pointing {@code org.crac.Core.Compat}
 * at this package (surefire does) lets tests run the real hooks in-process, in the order the runtime uses.
 * This is the only stand-in in the suite: checkpointing a JVM needs a CRaC JDK or Lambda itself.
 */
package io.agentmemory.functions.testing.crac;
