package io.agentmemory.engine.travel;

import io.agentmemory.engine.EngineJson;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.Memory;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.TravelPreferences;
import io.agentmemory.engine.embedding.QueryEmbeddings;
import io.agentmemory.engine.extraction.RelativeDates;
import io.agentmemory.engine.extraction.TextNormalizer;
import io.agentmemory.engine.facts.FactAttributes;
import io.agentmemory.engine.facts.FactReadings;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.FactStatements;
import io.agentmemory.engine.store.MemoryStatements;
import io.agentmemory.engine.store.NewMemory;
import io.r2dbc.spi.Connection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores each stated preference as one memory per preference, through the same decisions as add: the same text
 * is a NOOP, a changed preference UPDATEs its memory (with history), a new one is an ADD.
 */
public final class PreferencesOperation {

    private final Database database;
    private final QueryEmbeddings embeddings;

    public PreferencesOperation(Database database, QueryEmbeddings embeddings) {
        this.database = database;
        this.embeddings = embeddings;
    }

    public Mono<AddResult> setPreferences(String userId, TravelPreferences preferences, String category) {
        return Mono.defer(() -> {
            Map<String, String> facts = TravelRequests.preferenceFacts(userId, preferences, category);
            List<String> slots = List.copyOf(facts.keySet());
            List<String> texts = List.copyOf(facts.values());
            List<String> keys = texts.stream().map(TextNormalizer::key).toList();
            return embeddings.embedForStorage(texts)
                    .flatMap(vectors -> database.asWriterOf(userId, c -> MemoryStatements.preferenceMemories(c, userId, slots, keys)
                            .flatMap(existing -> Flux.range(0, slots.size()).concatMap(i -> write(c, userId,
                                    slots.get(i), texts.get(i), keys.get(i), vectors.get(i),
                                    categoriesOf(slots.get(i), category), existing)).collectList())))
                    .map(results -> new AddResult(results, false));
        });
    }

    private static List<String> categoriesOf(String slot, String requested) {
        String group = PreferenceFacts.categoryOf(slot);
        return requested == null || requested.strip().equals(group) ? List.of(group) : List.of(group, requested.strip());
    }

    private Mono<FactResult> write(Connection c, String userId, String slot, String text, String key,
                                   float[] vector, List<String> categories, List<Memory> existing) {
        String model = embeddings.model().name();
        Optional<Memory> sameText = existing.stream().filter(m -> TextNormalizer.key(m.memory()).equals(key)).findFirst();
        if (sameText.isPresent()) {
            return Mono.just(new FactResult(sameText.get().id(), sameText.get().memory(), MemoryEvent.NOOP, null));
        }
        Optional<Memory> sameSlot = existing.stream().filter(m -> slot.equals(m.metadata().get("preference"))).findFirst();
        if (sameSlot.isPresent()) {
            Memory old = sameSlot.get();
            return MemoryStatements.replaceTextWithHistory(c, userId, old.id(), text, key, vector, model, old.memory(),
                            FactReadings.attributeKeyOf(text), FactAttributes.READING)
                    .thenReturn(new FactResult(old.id(), text, MemoryEvent.UPDATE, old.memory()));
        }
        UUID id = UUID.randomUUID();
        String metadata = EngineJson.write(Map.of("preference", slot));
        return FactStatements.write(c, userId, List.of(new NewMemory(id, userId, text, key, vector, metadata, categories, null, null,
                        FactReadings.attributeKeyOf(text), model, null, RelativeDates.json(text, java.time.Instant.now()), null)),
                        List.of(), null, null, FactAttributes.READING)
                .thenReturn(new FactResult(id, text, MemoryEvent.ADD, null));
    }
}
