package io.agentmemory.engine;

import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.MemoryUpdate;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.embedding.CosineScale;
import io.agentmemory.engine.extraction.TextNormalizer;
import io.agentmemory.engine.facts.FactAttributes;
import io.agentmemory.engine.facts.FactReadings;
import io.agentmemory.engine.reliability.Sql;
import io.agentmemory.engine.store.AttributeRereading;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.FactStatements;
import io.agentmemory.engine.store.ReopenableConnectionPool;
import io.agentmemory.engine.store.SearchRanking;
import io.agentmemory.engine.store.StatementRunner;
import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.engine.testing.SharedEngineTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each memory carries the version of the attribute table that read it (migration V10). A new value of a
 * single-valued attribute ranks by similarity only the memories an older table read, or none did: the memory it
 * replaces is found by its attribute when the current table read it, by similarity otherwise. Through the real
 * engine and database.
 */
class FactReadingInTheStoreTest extends SharedEngineTest {

    private static AddResult say(String user, String message) {
        return engine.add(AddRequest.of(user, List.of(new Message("user", message)))).block(WAIT);
    }

    private static Map<String, Object> row(UUID id) {
        return Sql.rows("SELECT fact_reading, fact_attribute, memory FROM memories WHERE id = ?", id).get(0);
    }

    private static void manyOtherMemories(String user) {
        say(user, "I am vegetarian and I prefer aisle seats.");
        say(user, "I live in Lisbon and I work at Acme.");
        say(user, "My sister Ana lives in Porto.");
    }

    @Test
    void aMemoryTheEngineWritesCarriesTheCurrentTablesReading() {
        String user = newUser();
        FactResult budget = say(user, "My budget is about 2,000 EUR.").results().get(0);
        assertThat(((Number) row(budget.id()).get("fact_reading")).intValue()).isEqualTo(FactAttributes.READING);
        assertThat(row(budget.id()).get("fact_attribute")).isNotNull();
    }

    @Test
    void aNewValueReplacesTheMemoryOfItsAttributeTheCurrentTableRead() {
        String user = newUser();
        FactResult first = say(user, "My budget is about 2,000 EUR.").results().get(0);
        manyOtherMemories(user);

        FactResult next = say(user, "My budget is about 3,000 EUR.").results().get(0);

        assertThat(next.event()).isEqualTo(MemoryEvent.UPDATE);
        assertThat(next.id()).isEqualTo(first.id());
        assertThat(((Number) row(first.id()).get("fact_reading")).intValue()).as("vouched for again").isEqualTo(FactAttributes.READING);
    }

    @Test
    void aMemoryNoTableReadIsStillFoundBySimilarity() {
        String user = newUser();
        FactResult first = say(user, "My budget is about 2,000 EUR.").results().get(0);
        manyOtherMemories(user);
        // As a memory written before the attribute column existed: no attribute, no reading.
        Sql.execute("UPDATE memories SET fact_attribute = NULL, fact_reading = 0 WHERE id = '" + first.id() + "'");

        FactResult next = say(user, "My budget is about 3,000 EUR.").results().get(0);

        assertThat(next.event()).isEqualTo(MemoryEvent.UPDATE);
        assertThat(next.id()).isEqualTo(first.id());
    }

    @Test
    void aTextChangedWithoutTheEngineLosesItsReadingAndAnEditByTheEngineKeepsIt() {
        String user = newUser();
        FactResult budget = say(user, "My budget is about 2,000 EUR.").results().get(0);

        Sql.execute("UPDATE memories SET memory = 'Budget is about 2,500 EUR' WHERE id = '" + budget.id() + "'");
        assertThat(((Number) row(budget.id()).get("fact_reading")).intValue()).isZero();

        engine.update(user, budget.id(), new MemoryUpdate("Budget is about 2,800 EUR", null, null)).block(WAIT);
        assertThat(((Number) row(budget.id()).get("fact_reading")).intValue()).isEqualTo(FactAttributes.READING);

        Sql.execute("UPDATE memories SET metadata = '{\"k\": \"v\"}' WHERE id = '" + budget.id() + "'");
        assertThat(((Number) row(budget.id()).get("fact_reading")).intValue()).as("the text unchanged")
                .isEqualTo(FactAttributes.READING);
    }

    @Test
    void aMemoryNoTableReadIsReadAgainByTheResumableJob() {
        String user = newUser();
        FactResult budget = say(user, "My budget is about 2,000 EUR.").results().get(0);
        Object key = row(budget.id()).get("fact_attribute");
        Sql.execute("UPDATE memories SET fact_attribute = NULL, fact_reading = 0 WHERE id = '" + budget.id() + "'");

        AttributeRereading.Progress first = AttributeRereading.run(TestServices.get().databaseUrl(), FactAttributes.READING,
                FactReadings::storedKeyOf, 1_000, 0, line -> { });

        assertThat(first.reread()).isPositive();
        assertThat(first.remaining()).isZero();
        assertThat(row(budget.id())).containsEntry("fact_attribute", key).containsEntry("memory", budget.memory());
        assertThat(((Number) row(budget.id()).get("fact_reading")).intValue()).isEqualTo(FactAttributes.READING);
        assertThat(AttributeRereading.run(TestServices.get().databaseUrl(), FactAttributes.READING,
                FactReadings::storedKeyOf, 1_000, 0, line -> { }).reread()).isZero();
    }

    /**
     * The proposals themselves: ranking only older readings leaves out the user's other memories the current table
     * read, and still proposes the memory of the fact's attribute; ranking everyone proposes the nearest of all.
     * Exact and through the binary codes alike.
     */
    @Test
    void rankingOnlyOlderReadingsProposesTheAttributesMemoryAndNoOtherReadMemory() {
        String user = newUser();
        FactResult budget = say(user, "My budget is about 2,000 EUR.").results().get(0);
        manyOtherMemories(user);
        String fact = "Budget is about 3,000 EUR";
        float[] vector = engine.embeddingModel().embed(fact);
        String model = engine.embeddingModel().name();
        Deadlines deadlines = new Deadlines();
        ReopenableConnectionPool pool = new ReopenableConnectionPool(TestServices.get().config(), deadlines);
        try {
            Database database = new Database(pool, WAIT, deadlines);
            for (SearchRanking ranking : List.of(SearchRanking.exact(model, CosineScale.RAW),
                    SearchRanking.throughCodes(model, CosineScale.RAW, 3, 0.01))) {
                List<UUID> narrowed = proposed(database, user, vector, false, fact, ranking);
                List<UUID> everyone = proposed(database, user, vector, true, fact, ranking);
                assertThat(narrowed).as(ranking.toString()).containsExactly(budget.id());
                assertThat(everyone).as(ranking.toString()).contains(budget.id()).hasSizeGreaterThan(1);
            }
        } finally {
            pool.close();
        }
    }

    private static List<UUID> proposed(Database database, String user, float[] vector, boolean rankEveryone, String fact,
                                       SearchRanking ranking) {
        return database.forUsers(List.of(user), c -> FactStatements.proposals(StatementRunner.over(c), user, List.of(vector), List.of(rankEveryone),
                        FactAttributes.READING, List.of(TextNormalizer.key(fact)), List.of(FactReadings.attributeKeyOf(fact)),
                        5, ranking, null))
                .block(WAIT).candidates().get(0).stream().map(FactStatements.Candidate::id).distinct().toList();
    }
}
