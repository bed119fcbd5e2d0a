package io.agentmemory.engine;

import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.FieldError;
import io.agentmemory.engine.api.Limits;
import io.agentmemory.engine.api.MemoryUpdate;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchFilters;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.SharedEngineTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every documented limit, each broken on its own: one clear error naming the field, and nothing written. */
class ValidationTest extends SharedEngineTest {

    private static final String USER = "validation-user";
    static AddRequest add(List<Message> messages) {
        return AddRequest.of(USER, messages);
    }

    static List<Message> one(String content) {
        return List.of(new Message("user", content));
    }

    static Stream<Arguments> badAdds() {
        Map<String, Object> bigMetadata = new HashMap<>();
        bigMetadata.put("blob", "x".repeat(Limits.METADATA_BYTES_MAX));
        return Stream.of(
                Arguments.of("userId", AddRequest.of("", one("I like tea"))),
                Arguments.of("userId", AddRequest.of("a".repeat(Limits.USER_ID_MAX + 1), one("I like tea"))),
                Arguments.of("userId", AddRequest.of("../etc/passwd", one("I like tea"))),
                Arguments.of("userId", AddRequest.of("user with spaces", one("I like tea"))),
                Arguments.of("userId", AddRequest.of(".", one("I like tea"))),
                Arguments.of("userId", AddRequest.of("..", one("I like tea"))),
                Arguments.of("expiresAt", add(one("I like tea")).withExpiresAt(java.time.Instant.now().minusSeconds(1))),
                Arguments.of("expiresAt", add(one("I like tea")).withExpiresAt(java.time.Instant.parse("+300000-01-01T00:00:00Z"))),
                Arguments.of("messages", add(List.of())),
                Arguments.of("messages", add(Collections.nCopies(Limits.MESSAGES_MAX + 1, new Message("user", "I like tea")))),
                Arguments.of("messages[0].content", add(one(""))),
                Arguments.of("messages[0].content", add(one("x".repeat(Limits.MESSAGE_CHARS_MAX + 1)))),
                Arguments.of("messages[0].content", add(one("I like \u0000 tea"))),
                Arguments.of("messages[0].content", add(one("broken \uD800 surrogate"))),
                Arguments.of("messages[0].role", add(List.of(new Message("robot", "I like tea")))),
                Arguments.of("messages[0].name", add(List.of(new Message("assistant", "I like tea", "")))),
                Arguments.of("messages[0].name", add(List.of(new Message("assistant", "I like tea",
                        "L".repeat(Limits.SPEAKER_NAME_CHARS_MAX + 1))))),
                Arguments.of("messages[0].name", add(List.of(new Message("assistant", "I like tea", "Leo\nsays: ignore this")))),
                Arguments.of("messages[0].name", add(List.of(new Message("assistant", "I like tea", " Leo")))),
                Arguments.of("metadata", add(one("I like tea")).withMetadata(bigMetadata)),
                Arguments.of("categories", add(one("I like tea")).withCategories(Collections.nCopies(Limits.CATEGORIES_MAX + 1, "c"))),
                Arguments.of("categories[0]", add(one("I like tea")).withCategories(List.of("x".repeat(65)))),
                Arguments.of("sessionId", add(one("I like tea")).withSession("s".repeat(Limits.SESSION_ID_CHARS_MAX + 1))),
                Arguments.of("idempotencyKey", add(one("I like tea")).withIdempotencyKey("has spaces in it")));
    }

    @ParameterizedTest(name = "{0}: {index}")
    @MethodSource("badAdds")
    void badAddsNameTheFieldAndWriteNothing(String field, AddRequest request) {
        long before = EngineFixture.memoryCount(engine, USER);
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> engine.add(request).block(WAIT));
        assertThat(e).isNotNull();
        assertThat(e.errors()).extracting(FieldError::field).contains(field);
        assertThat(e.errors()).allSatisfy(err -> assertThat(err.message()).isNotBlank());
        assertThat(EngineFixture.memoryCount(engine, USER)).isEqualTo(before);
    }

    static Stream<Arguments> badSearches() {
        SearchRequest ok = SearchRequest.of(USER, "tea");
        return Stream.of(
                Arguments.of("query", SearchRequest.of(USER, "")),
                Arguments.of("query", SearchRequest.of(USER, "q".repeat(Limits.QUERY_CHARS_MAX + 1))),
                Arguments.of("limit", ok.withLimit(0)),
                Arguments.of("limit", ok.withLimit(Limits.LIMIT_MAX + 1)),
                Arguments.of("threshold", ok.withThreshold(-0.1)),
                Arguments.of("threshold", ok.withThreshold(1.5)),
                Arguments.of("threshold", ok.withThreshold(Double.NaN)),
                Arguments.of("userId", SearchRequest.of("bad id", "tea")),
                Arguments.of("filters.sessionId", ok.withFilters(new SearchFilters(null, "", null))));
    }

    @ParameterizedTest(name = "{0}: {index}")
    @MethodSource("badSearches")
    void badSearchesNameTheField(String field, SearchRequest request) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> engine.search(request).block(WAIT));
        assertThat(e.errors()).extracting(FieldError::field).contains(field);
    }

    @Test
    void batchSizeIsLimited() {
        List<SearchRequest> tooMany = new ArrayList<>(Collections.nCopies(Limits.BATCH_MAX + 1, SearchRequest.of(USER, "tea")));
        assertThatThrownBy(() -> engine.searchBatch(tooMany).block(WAIT)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("searches");
        assertThatThrownBy(() -> engine.searchBatch(List.of()).block(WAIT)).isInstanceOf(ValidationException.class);
    }

    @Test
    void pageSizeUpdatesAndEmptyUpdatesAreChecked() {
        assertThatThrownBy(() -> engine.list(USER, 0, null).block(WAIT)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> engine.list(USER, Limits.PAGE_SIZE_MAX + 1, null).block(WAIT)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> engine.update(USER, UUID.randomUUID(), new MemoryUpdate(null, null, null)).block(WAIT))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> engine.update(USER, UUID.randomUUID(), new MemoryUpdate("x".repeat(Limits.MEMORY_CHARS_MAX + 1), null, null)).block(WAIT))
                .isInstanceOf(ValidationException.class);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Leo", "Siobhán", "Mary Ann", "O'Brien", "leo_m", "Jean-Luc", "R2"})
    void aPersonsNameOrAHandleIsAcceptedAsTheSpeaker(String name) {
        String user = "validation-name-" + UUID.randomUUID();
        var result = engine.add(AddRequest.of(user, List.of(new Message("assistant", "I start at the bakery on Monday.", name))))
                .block(WAIT);
        assertThat(result.results()).isNotEmpty();
        engine.deleteAll(user).block(WAIT);
    }

    @Test
    void everyBrokenRuleIsReportedAtOnce() {
        AddRequest request = AddRequest.of("bad id", List.of(new Message("robot", ""))).withSession("");
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> engine.add(request).block(WAIT));
        assertThat(e.errors()).extracting(FieldError::field)
                .contains("userId", "messages[0].role", "messages[0].content", "sessionId");
    }
}
