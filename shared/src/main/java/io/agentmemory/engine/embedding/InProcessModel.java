package io.agentmemory.engine.embedding;

import java.util.Locale;

/**
 * The sentence-embedding models that run in-process: each ships as a Maven artifact holding the ONNX model and its
 * tokenizer, and each was trained with its own pooling and its own markers for queries and stored texts.
 * All produce 384 dimensions. Only the artifacts on the classpath can be loaded: the service ships the default
 * and all-MiniLM-L6-v2 (the previous default, kept so a deployment can stay on it until it has re-embedded);
 * the benchmark adds the others to compare them.
 *
 * <p>e5's card: "Use 'query: ' and 'passage: ' correspondingly for asymmetric tasks such as passage retrieval",
 * mean pooling. bge-small-en-v1.5's card: the instruction below in front of short queries only, the
 * {@code [CLS]} token's vector as the sentence vector.
 */
public enum InProcessModel {

    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", "all-minilm-l6-v2-q", 256, Pooling.MEAN, "", "", CosineScale.RAW),
    ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2", 256, Pooling.MEAN, "", "", CosineScale.RAW),
    E5_SMALL_V2_Q("e5-small-v2-q", "e5-small-v2-q", 512, Pooling.MEAN, "query: ", "passage: ", Scales.E5),
    E5_SMALL_V2("e5-small-v2", "e5-small-v2", 512, Pooling.MEAN, "query: ", "passage: ", Scales.E5),
    BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", "bge-small-en-v1.5-q", 512, Pooling.CLS,
            "Represent this sentence for searching relevant passages: ", "", Scales.BGE),
    BGE_SMALL_EN_V15("bge-small-en-v1.5", "bge-small-en-v1.5", 512, Pooling.CLS,
            "Represent this sentence for searching relevant passages: ", "", Scales.BGE);

    /**
     * Each model's cosines mapped onto [0, 1]. Measured on the conversation set, the median cosine of a question and
     * a turn that answers it, and of a question and any other turn: MiniLM 0.495 and 0.194, e5 0.823 and 0.748, bge
     * 0.615 and 0.442. e5 starts at its unrelated median and ends at 1: short texts bunch high under e5 (two
     * allergies 0.911, aisle and window seats 0.942), so only a cosine near 1 is a near-identical text.
     */
    private static final class Scales {
        static final CosineScale E5 = new CosineScale(0.75, 1.0);
        static final CosineScale BGE = new CosineScale(0.33, 0.905);
    }

    /** How token vectors become the sentence vector. */
    public enum Pooling { MEAN, CLS }

    public static final int DIMENSION = 384;

    private final String modelName;
    private final String resourceStem;
    private final int maxTokens;
    private final Pooling pooling;
    private final String queryPrefix;
    private final String passagePrefix;
    private final CosineScale cosineScale;

    InProcessModel(String modelName, String resourceStem, int maxTokens, Pooling pooling, String queryPrefix,
                   String passagePrefix, CosineScale cosineScale) {
        this.cosineScale = cosineScale;
        this.modelName = modelName;
        this.resourceStem = resourceStem;
        this.maxTokens = maxTokens;
        this.pooling = pooling;
        this.queryPrefix = queryPrefix;
        this.passagePrefix = passagePrefix;
    }

    /** The {@code EMBEDDING_MODEL} value that selects it, e.g. {@code e5-small-v2-q}. */
    public String modelName() {
        return modelName;
    }

    String modelResource() {
        return "/" + resourceStem + ".onnx";
    }

    String tokenizerResource() {
        return "/" + resourceStem + "-tokenizer.json";
    }

    /** Longer input is truncated to this many word pieces, the length the model was trained on. */
    public int maxTokens() {
        return maxTokens;
    }

    public Pooling pooling() {
        return pooling;
    }

    public String queryPrefix() {
        return queryPrefix;
    }

    public String passagePrefix() {
        return passagePrefix;
    }

    public CosineScale cosineScale() {
        return cosineScale;
    }

    /** Whether this model's artifact is on the classpath. */
    public boolean available() {
        return InProcessModel.class.getResource(modelResource()) != null;
    }

    /** The names of the models whose artifacts are on the classpath, comma-separated. */
    public static String shipped() {
        StringBuilder names = new StringBuilder();
        for (InProcessModel model : values()) {
            if (model.available()) {
                names.append(names.isEmpty() ? "" : ", ").append(model.modelName);
            }
        }
        return names.toString();
    }

    /** The model an {@code EMBEDDING_MODEL} value names. */
    public static InProcessModel named(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (InProcessModel model : values()) {
            if (model.modelName.equals(wanted)) {
                return model;
            }
        }
        StringBuilder known = new StringBuilder();
        for (InProcessModel model : values()) {
            known.append(known.isEmpty() ? "" : ", ").append(model.modelName);
        }
        throw new IllegalArgumentException("EMBEDDING_MODEL must be one of " + known + ", got '" + name + "'");
    }
}
