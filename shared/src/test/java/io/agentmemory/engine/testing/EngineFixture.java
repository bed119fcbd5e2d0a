package io.agentmemory.engine.testing;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.config.EngineConfig;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Small helpers shared by engine tests: unique users, one-line adds, blocking with a generous bound. */
public final class EngineFixture {

    public static final Duration WAIT = Duration.ofSeconds(30);

    private EngineFixture() {
    }

    public static MemoryEngine engine() {
        return MemoryEngine.create(TestServices.get().config());
    }

    public static MemoryEngine engine(EngineConfig config) {
        return MemoryEngine.create(config);
    }

    public static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    public static AddResult remember(MemoryEngine engine, String userId, String... userMessages) {
        List<Message> messages = java.util.Arrays.stream(userMessages).map(m -> new Message("user", m)).toList();
        return engine.add(AddRequest.of(userId, messages)).block(WAIT);
    }

    /** A cold add of one verbatim fact, for tests that race it against other calls. */
    public static reactor.core.publisher.Mono<io.agentmemory.engine.api.FactResult> engineAdd(MemoryEngine engine, String userId, String fact) {
        return engine.add(AddRequest.of(userId, List.of(new Message("user", fact))).withInfer(false))
                .map(r -> r.results().get(0));
    }

    /** How many live memories the user has, as listing them tells (at most one page of 100). */
    public static int memoryCount(MemoryEngine engine, String userId) {
        return engine.list(userId, 100, null).block(WAIT).memories().size();
    }

    /** How many history entries the user's live memories have, of the given events (every event when none is given). */
    public static long historyCount(MemoryEngine engine, String userId, io.agentmemory.engine.api.MemoryEvent... events) {
        java.util.Set<io.agentmemory.engine.api.MemoryEvent> wanted = events.length == 0
                ? java.util.EnumSet.allOf(io.agentmemory.engine.api.MemoryEvent.class) : java.util.EnumSet.copyOf(List.of(events));
        return engine.list(userId, 100, null).block(WAIT).memories().stream()
                .flatMap(memory -> engine.history(userId, memory.id()).block(WAIT).stream())
                .filter(entry -> wanted.contains(entry.event()))
                .count();
    }

    public static AddResult store(MemoryEngine engine, String userId, String... facts) {
        List<Message> messages = java.util.Arrays.stream(facts).map(m -> new Message("user", m)).toList();
        return engine.add(AddRequest.of(userId, messages).withInfer(false)).block(WAIT);
    }
}
