package io.agentmemory.engine.bedrock;

import io.agentmemory.engine.extraction.evaluation.ExtractionSet;

/**
 * The size of what the Bedrock extractor sends per add on the extraction set: the fixed part (system prompt and
 * tool schema, the same every call) and the per-request part (time, earlier turns, new turn). Converted to
 * tokens at about four characters a token, an estimate for English text with Claude's and Nova's tokenizers;
 * a recording's usage figures replace it when one exists.
 */
public record ExtractionPromptSize(int fixedChars, double meanRequestChars) {

    static final double CHARS_PER_TOKEN = 4.0;

    public static ExtractionPromptSize of(ExtractionSet set) {
        int fixed = ExtractionPrompt.SYSTEM.length() + FactsTool.tool().toolSpec().inputSchema().json().toString().length()
                + FactsTool.tool().toolSpec().description().length();
        double request = set.cases().stream().mapToInt(c -> ExtractionPrompt.user(c.request()).length()).average().orElse(0);
        return new ExtractionPromptSize(fixed, request);
    }

    public double estimatedInputTokensPerAdd() {
        return (fixedChars + meanRequestChars) / CHARS_PER_TOKEN;
    }
}
