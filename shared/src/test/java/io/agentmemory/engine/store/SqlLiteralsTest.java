package io.agentmemory.engine.store;

import io.agentmemory.engine.Deadlines;
import io.agentmemory.engine.testing.TestServices;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A literal reads back as the text it was made from, as the writer's lock statement (a simple query) sends it,
 * whatever quotes and backslashes the text holds and whichever way {@code standard_conforming_strings} is set.
 */
class SqlLiteralsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> TEXTS = List.of("user-1", "o'brien", "back\\slash", "\\'; SELECT 1; --",
            "''", "\\", "tab\there", "ünïcødé", "$$dollar$$", "a|b:c@d.e_f-g");

    private static Deadlines deadlines;
    private static ReopenableConnectionPool pool;

    @BeforeAll
    static void connect() {
        deadlines = new Deadlines();
        pool = new ReopenableConnectionPool(TestServices.get().config(), deadlines);
    }

    @AfterAll
    static void close() {
        pool.close();
        deadlines.suspend();
    }

    @Test
    void everyTextReadsBackAsItselfWithStandardConformingStringsOnAndOff() {
        for (String setting : List.of("on", "off")) {
            List<String> read = Mono.usingWhen(pool.acquire(), c -> simpleQuery(c, "SET standard_conforming_strings = " + setting)
                            .thenMany(Flux.fromIterable(TEXTS).concatMap(text -> Flux.from(c.createStatement(
                                    "SELECT " + SqlLiterals.text(text) + " AS t").execute()).flatMap(r -> r.map(row -> row.get("t", String.class)))))
                            .collectList()
                            .flatMap(values -> simpleQuery(c, "RESET standard_conforming_strings").thenReturn(values)),
                    Connection::close).block(WAIT);
            assertThat(read).as("standard_conforming_strings = %s", setting).containsExactlyElementsOf(TEXTS);
        }
    }

    @Test
    void textWithANulCharacterIsRefused() {
        assertThatThrownBy(() -> SqlLiterals.text("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Mono<Void> simpleQuery(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute()).flatMap(r -> r.getRowsUpdated()).then();
    }
}
