package io.agentmemory.bench.extraction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentmemory.bench.ProjectLayout;
import io.agentmemory.engine.bedrock.BedrockRecordings;
import io.agentmemory.engine.bedrock.ExtractionPromptSize;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import io.agentmemory.engine.extraction.evaluation.ExtractionEvaluation;
import io.agentmemory.engine.extraction.evaluation.ExtractionSet;
import io.agentmemory.engine.extraction.evaluation.UnlabelledTurns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The extraction benchmark: the extraction set through the local extractor and, when a recording of Bedrock's
 * answers exists, through the Bedrock extractor replaying it (real SDK, local server). Prints the table and
 * writes {@code bench/results/extraction.json}.
 * <pre>
 *   ExtractionBench [--bedrock-recording FILE]                       score (and replay a recording)
 *   ExtractionBench --record-bedrock FILE --model ID [--region R]    record Bedrock's answers (an AWS account)
 * </pre>
 */
public final class ExtractionBench {

    private ExtractionBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        ExtractionSet set = ExtractionSet.load();
        if (options.containsKey("--record-bedrock")) {
            BedrockRecordings.record(set, options.getOrDefault("--region", "us-east-1"),
                    options.getOrDefault("--model", "anthropic.claude-3-haiku-20240307-v1:0"), Path.of(options.get("--record-bedrock")));
            System.out.println("recorded " + set.cases().size() + " answers into " + options.get("--record-bedrock"));
            return;
        }
        Map<String, Object> results = new LinkedHashMap<>();
        List<String> rows = new ArrayList<>();

        RuleBasedFactExtractor local = new RuleBasedFactExtractor();
        ExtractionEvaluation.Score localScore = ExtractionEvaluation.run(local, set);
        double localMicrosPerAdd = microsPerAdd(local, set);
        results.put("local", row(localScore, Map.of("microsPerAdd", round(localMicrosPerAdd))));
        rows.add(markdown("local rule-based", localScore, String.format(Locale.ROOT, "%.0f µs per add in process", localMicrosPerAdd)));

        UnlabelledTurns.Garbled unlabelled = UnlabelledTurns.garbledShare(local);
        results.put("localOnUnlabelledConversations", Map.of("userTurns", unlabelled.turns(), "kept", unlabelled.kept(),
                "garbled", unlabelled.garbled()));
        System.out.printf("local extractor on the retrieval set's conversations (no expected facts): %d user turns, %d facts kept, %d garbled%n",
                unlabelled.turns(), unlabelled.kept(), unlabelled.garbled());
        UnlabelledTurns.Garbled others = UnlabelledTurns.garbledShareOfNamedPeople(local);
        results.put("localOnNamedPeoplesTurns", Map.of("turns", others.turns(), "kept", others.kept(), "garbled", others.garbled()));
        System.out.printf("local extractor on the same conversations' named other people (no expected facts): %d turns, %d facts kept, %d garbled%n",
                others.turns(), others.kept(), others.garbled());

        ExtractionPromptSize prompt = ExtractionPromptSize.of(set);
        results.put("bedrockPrompt", Map.of("systemAndToolChars", prompt.fixedChars(),
                "meanRequestChars", round(prompt.meanRequestChars()), "estimatedInputTokensPerAdd", round(prompt.estimatedInputTokensPerAdd())));

        String recording = options.get("--bedrock-recording");
        if (recording != null && Files.isRegularFile(Path.of(recording))) {
            BedrockRecordings.Replay replay = BedrockRecordings.replay(set, Path.of(recording));
            double latency = replay.latenciesMs().stream().mapToLong(Long::longValue).sorted().skip(replay.latenciesMs().size() / 2).findFirst().orElse(0);
            results.put("bedrock", row(replay.score(), Map.of("model", replay.model(), "calls", replay.calls(),
                    "inputTokensPerAdd", round((double) replay.inputTokens() / replay.calls()),
                    "outputTokensPerAdd", round((double) replay.outputTokens() / replay.calls()),
                    "fallbacks", replay.fallbacks(), "p50LatencyMs", latency)));
            rows.add(markdown("Bedrock " + replay.model() + " (recorded)", replay.score(), String.format(Locale.ROOT,
                    "%.0f in + %.0f out tokens per add, p50 %.0f ms, %d fallbacks", (double) replay.inputTokens() / replay.calls(),
                    (double) replay.outputTokens() / replay.calls(), latency, replay.fallbacks())));
        } else {
            rows.add("| Bedrock (recorded) | not measured: no recording of Bedrock's answers (`--record-bedrock` needs an AWS account) | | | | "
                    + String.format(Locale.ROOT, "about %.0f input tokens per add, estimated from the prompt's size |", prompt.estimatedInputTokensPerAdd()));
        }

        System.out.println("| extractor | recall | precision | garbled | dates | cost and time |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        Path out = ProjectLayout.root().resolve("bench/results/extraction.json");
        Files.createDirectories(out.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), results);
        System.out.println("written " + out);
    }

    /** The extractor's own time per add (one turn and its context), after a warm-up pass, mean of five passes. */
    private static double microsPerAdd(RuleBasedFactExtractor extractor, ExtractionSet set) {
        List<io.agentmemory.engine.extraction.ExtractionRequest> requests = set.cases().stream().map(ExtractionSet.Case::request).toList();
        requests.forEach(extractor::extractFacts);
        long started = System.nanoTime();
        for (int pass = 0; pass < 5; pass++) {
            requests.forEach(extractor::extractFacts);
        }
        return (System.nanoTime() - started) / 1_000.0 / (5.0 * requests.size());
    }

    private static Map<String, Object> row(ExtractionEvaluation.Score score, Map<String, Object> extra) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("recall", round(score.recall()));
        row.put("precision", round(score.precision()));
        row.put("garbled", round(score.garbledShare()));
        row.put("dates", round(score.dateAccuracy()));
        row.put("expectedFacts", score.expected());
        row.put("keptFacts", score.kept());
        row.putAll(extra);
        return row;
    }

    private static String markdown(String name, ExtractionEvaluation.Score score, String cost) {
        return String.format(Locale.ROOT, "| %s | %.3f (%d/%d) | %.3f (%d/%d) | %.3f (%d/%d) | %.3f (%d/%d) | %s |", name,
                score.recall(), score.found(), score.expected(), score.precision(), score.keptMatching(), score.kept(),
                score.garbledShare(), score.garbled(), score.checked(), score.dateAccuracy(), score.datedRight(), score.dated(), cost);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: ExtractionBench [--bedrock-recording FILE] | --record-bedrock FILE --model ID [--region R]");
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }
}
