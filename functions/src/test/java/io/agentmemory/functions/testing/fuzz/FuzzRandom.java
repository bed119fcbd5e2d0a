package io.agentmemory.functions.testing.fuzz;

import java.util.List;
import java.util.Random;

/** The fuzz test's one source of randomness, from a fixed seed so that a failing sequence can be replayed. */
public final class FuzzRandom {

    private final Random random;

    public FuzzRandom(long seed) {
        random = new Random(seed);
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public boolean nextBoolean() {
        return random.nextBoolean();
    }

    public <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    public byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    public byte[] invalidUtf8() {
        return pick(List.of(new byte[]{(byte) 0xC3, (byte) 0x28}, new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xFE, (byte) 0xFF},
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[]{(byte) 0xC0, (byte) 0xAF}, new byte[]{(byte) 0xE2, (byte) 0x82}, new byte[]{(byte) 0x80}));
    }

    public String longText(int length) {
        String unit = pick(List.of("a", "é", "🧳", "ab ", "<script>", "'; --"));
        StringBuilder text = new StringBuilder(length + unit.length());
        while (text.length() < length) {
            text.append(unit);
        }
        return text.toString();
    }
}
