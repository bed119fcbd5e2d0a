package io.agentmemory.functions.testing;

import io.agentmemory.functions.MemoryFunctionInvoker;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh process doing what Lambda's runtime does on a cold start: construct the handler, invoke it once with an
 * event file, print the response and how long the process took from its start to the answer.
 * Usage: {@code ColdInvoke <function bean> <event file>}; settings come from the environment, as in Lambda.
 */
public final class ColdInvoke {

    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        FunctionInvoker invoker = new MemoryFunctionInvoker(args[0]);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(event), output, new LambdaContext(args[0], 15_000));
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("RESPONSE " + output.toString(java.nio.charset.StandardCharsets.UTF_8));
        System.out.println("FIRST_RESPONSE_MS " + sinceStart);
        System.exit(0);
    }
}
