package io.agentmemory.local;

import io.agentmemory.local.lambda.LocalEnvironment;
import io.agentmemory.local.lambda.LocalFunction;
import io.agentmemory.local.lambda.LocalFunctions;
import io.agentmemory.local.template.SamTemplate;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code invoke FUNCTION -e EVENT}: starts one function as a cold execution environment, hands it the event and
 * prints what it returned, like {@code sam local invoke}: the response on {@code response}, the report on {@code log}.
 */
final class InvokeCommand {

    private InvokeCommand() {
    }

    /** The process exit status: 0 when the function returned, 1 when the invocation failed. */
    static int run(SamTemplate template, LocalEnvironment environment, String functionId, byte[] event,
                   PrintStream response, PrintStream log) {
        template.function(functionId); // fail before a slow start when the id is wrong
        if (environment.authenticationOff(template.function(functionId))) {
            log.println("!!! AUTH_MODE=off set in this shell: JWT claims in the event are not enforced. !!!");
        }
        LocalFunction function = LocalFunctions.start(template, List.of(functionId), environment, log::println).get(functionId);
        long started = System.nanoTime();
        try {
            byte[] output = function.invoke(event);
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            response.println(new String(output, StandardCharsets.UTF_8));
            response.flush();
            log.printf("REPORT %s Init Duration: %d ms Duration: %d ms Memory Size: %d MB%n", functionId,
                    function.initDuration().toMillis(), durationMs, function.definition().memorySizeMb());
            return 0;
        } catch (Exception | Error failure) {
            log.println(functionId + " failed: " + failure);
            failure.printStackTrace(log);
            return 1;
        }
    }
}
