package io.agentmemory.local.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.agentmemory.local.template.FunctionDefinition;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The Context Lambda's runtime passes to a handler, for one invocation outside Lambda: a fresh request id, the
 * function's memory size, and a deadline from its timeout, so the function's time budget behaves as it does in
 * Lambda. The local runner makes one per request; the benchmark, per invocation of a handler.
 */
public final class LocalLambdaContext implements Context {

    private final String functionName;
    private final int memorySizeMb;
    private final String requestId = UUID.randomUUID().toString();
    private final long deadlineMillis;

    LocalLambdaContext(FunctionDefinition function) {
        this(function.logicalId(), function.memorySizeMb(), function.timeoutSeconds());
    }

    public LocalLambdaContext(String functionName, int memorySizeMb, int timeoutSeconds) {
        this.functionName = functionName;
        this.memorySizeMb = memorySizeMb;
        this.deadlineMillis = System.currentTimeMillis() + timeoutSeconds * 1000L;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return memorySizeMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.println(message);
            }

            @Override
            public void log(byte[] message) {
                System.err.println(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
