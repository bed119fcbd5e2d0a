package io.agentmemory.engine.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link InProcessModel} (384 dimensions) run in-process with ONNX Runtime. The model and tokenizer ship
 * inside a Maven artifact, so the service embeds with no network and no keys. We run the session ourselves
 * (rather than through a framework's per-text loop) so that a batch of texts is one padded tensor and one
 * model call: that is what makes a 100-query batch search cheap. The model's markers for stored texts and
 * queries are put in front of the text here, so callers never see them.
 */
public final class OnnxSentenceEmbeddingModel implements EmbeddingModel, AutoCloseable {

    /** The default in-process model. */
    public static final InProcessModel DEFAULT = InProcessModel.E5_SMALL_V2_Q;
    private static final int DIMENSION = InProcessModel.DIMENSION;

    private final InProcessModel spec;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean needsTokenTypes;

    private OnnxSentenceEmbeddingModel(InProcessModel spec, OrtEnvironment environment, OrtSession session,
                                       HuggingFaceTokenizer tokenizer) {
        this.spec = spec;
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.needsTokenTypes = session.getInputNames().contains("token_type_ids");
    }

    /** Loads the default model. */
    public static OnnxSentenceEmbeddingModel load() {
        return load(DEFAULT);
    }

    /**
     * Loads the model once; callers keep the instance for the life of the process.
     *
     * <p>One model call runs on its caller's thread alone, and no model thread spin-waits. A short query is a chain
     * of small operators: spreading them over two threads made one call slower (2.0 ms against 1.3 ms p50 for a
     * short sentence on two cores), and threads spinning between operators took the cores that the network, the
     * database and a concurrent call were waiting for (with two callers: p95 5.9 ms against 2.0 ms, 770 against
     * 1,260 calls/s). On Lambda, below 1,769 MB an environment has a single vCPU anyway.
     */
    public static OnnxSentenceEmbeddingModel load(InProcessModel spec) {
        useWritableNativeCache();
        try {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = environment.createSession(readResource(spec.modelResource()), options);
            HuggingFaceTokenizer tokenizer;
            try (InputStream in = OnnxSentenceEmbeddingModel.class.getResourceAsStream(spec.tokenizerResource())) {
                if (in == null) {
                    throw new IllegalStateException("tokenizer resource " + spec.tokenizerResource() + " missing");
                }
                tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of(
                        "truncation", "true", "padding", "false", "maxLength", Integer.toString(spec.maxTokens())));
            }
            return new OnnxSentenceEmbeddingModel(spec, environment, session, tokenizer);
        } catch (OrtException e) {
            throw new IllegalStateException("could not load the embedding model: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tokenizer unpacks its native library into {@code ~/.djl.ai} by default; on Lambda only {@code /tmp} is
     * writable (and it is captured in a SnapStart snapshot), so fall back to the temp directory there.
     */
    private static void useWritableNativeCache() {
        if (System.getenv("DJL_CACHE_DIR") != null || System.getProperty("DJL_CACHE_DIR") != null) {
            return;
        }
        java.nio.file.Path home = java.nio.file.Path.of(System.getProperty("user.home", "/"));
        if (!java.nio.file.Files.isWritable(home)) {
            System.setProperty("DJL_CACHE_DIR", java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "djl").toString());
        }
    }

    @Override
    public boolean runsInProcess() {
        return true;
    }

    @Override
    public String name() {
        return spec.modelName();
    }

    @Override
    public CosineScale cosineScale() {
        return spec.cosineScale();
    }

    public InProcessModel spec() {
        return spec;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return run(withPrefix(spec.passagePrefix(), texts));
    }

    @Override
    public float[] embedQuery(String query) {
        return run(withPrefix(spec.queryPrefix(), List.of(query))).get(0);
    }

    /** Stopped through the run's terminate flag, which ONNX Runtime checks between the graph's operators. */
    @Override
    public float[] embedQuery(String query, ModelStop stop) {
        try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            if (!stop.attach(() -> terminate(options))) {
                return null;
            }
            try {
                return run(withPrefix(spec.queryPrefix(), List.of(query)), options).get(0);
            } catch (IllegalStateException failed) {
                if (stop.requested()) {
                    return null;
                }
                throw failed;
            } finally {
                stop.detach();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
        }
    }

    private static void terminate(OrtSession.RunOptions options) {
        try {
            options.setTerminate(true);
        } catch (OrtException e) {
            // Only an invalid handle fails here, and the options live until the call has detached: the call runs on.
        }
    }

    private static List<String> withPrefix(String prefix, List<String> texts) {
        return prefix.isEmpty() ? texts : texts.stream().map(text -> prefix + text).toList();
    }

    private List<float[]> run(List<String> texts) {
        return run(texts, null);
    }

    /** @param options the run's options (a way to stop it), or null */
    private List<float[]> run(List<String> texts, OrtSession.RunOptions options) {
        if (texts.isEmpty()) {
            return List.of();
        }
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int batch = encodings.length;
        int length = 0;
        for (Encoding encoding : encodings) {
            length = Math.max(length, encoding.getIds().length);
        }
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        for (int row = 0; row < batch; row++) {
            long[] rowIds = encodings[row].getIds();
            long[] rowMask = encodings[row].getAttentionMask();
            System.arraycopy(rowIds, 0, ids, row * length, rowIds.length);
            System.arraycopy(rowMask, 0, mask, row * length, rowMask.length);
        }
        long[] shape = {batch, length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (needsTokenTypes) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[batch * length]), shape));
            }
            try (OrtSession.Result result = options == null ? session.run(inputs) : session.run(inputs, options)) {
                float[][][] tokens = (float[][][]) result.get(0).getValue();
                List<float[]> vectors = new ArrayList<>(batch);
                for (int row = 0; row < batch; row++) {
                    vectors.add(spec.pooling() == InProcessModel.Pooling.CLS
                            ? normalize(tokens[row][0].clone())
                            : meanPoolAndNormalize(tokens[row], mask, row * length, length));
                }
                return vectors;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Sentence-transformers' mean pooling: mean over real tokens, then unit length. */
    private static float[] meanPoolAndNormalize(float[][] tokenVectors, long[] mask, int offset, int length) {
        float[] sum = new float[DIMENSION];
        int count = 0;
        for (int t = 0; t < length; t++) {
            if (mask[offset + t] == 0) {
                continue;
            }
            count++;
            float[] v = tokenVectors[t];
            for (int d = 0; d < DIMENSION; d++) {
                sum[d] += v[d];
            }
        }
        for (int d = 0; d < DIMENSION; d++) {
            sum[d] /= Math.max(1, count);
        }
        return normalize(sum);
    }

    private static float[] normalize(float[] vector) {
        double norm = 0;
        for (float x : vector) {
            norm += x * x;
        }
        float scale = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
        for (int d = 0; d < vector.length; d++) {
            vector[d] *= scale;
        }
        return vector;
    }

    private static byte[] readResource(String name) throws IOException {
        try (InputStream in = OnnxSentenceEmbeddingModel.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("model resource " + name + " missing from the classpath");
            }
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing at shutdown: nothing useful to do with the error
        }
        tokenizer.close();
    }
}
