package io.agentmemory.engine.store;

import io.agentmemory.engine.testing.OwnPool;
import io.agentmemory.engine.testing.TestServices;
import io.r2dbc.postgresql.codec.Vector;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A statement written once runs alike through the reactive driver and over JDBC, against the real database: every
 * kind of value the engine's statements bind reaches the server as the same value either way.
 */
class PortableStatementTest {

    /**
     * Each parameter read back as text by the server: a time as seconds since the epoch (no session time zone), the
     * vectors element by element (the reactive driver sends their array with a lower bound of 0, JDBC of 1; the
     * statements read such arrays with {@code unnest}, which does not mind).
     */
    private static final String ECHO = """
            SELECT $1::text AS text, $2::text AS int, $3::text AS short, $4::text AS long, $5::text AS double,
                   $6::text AS bool, extract(epoch FROM $7::timestamptz)::text AS time, $8::text AS texts,
                   $9::text AS uuids, $10::text AS bools, array_to_string($11::vector[], ' ', 'NULL') AS vectors,
                   coalesce($12::text, 'null') AS no_text, coalesce($13::text, 'null') AS no_long,
                   coalesce($14::text, 'null') AS no_time, ($1 = $1 AND $2 + $2 = 2 * $2)::text AS twice,
                   $15::int[]::text AS ints, $16::float8[]::text AS doubles,
                   array_to_string(ARRAY(SELECT coalesce(extract(epoch FROM t)::text, 'NULL')
                                         FROM unnest($17::timestamptz[]) AS t), ' ') AS times""";

    private static final List<String> COLUMNS = List.of("text", "int", "short", "long", "double", "bool", "time", "texts",
            "uuids", "bools", "vectors", "no_text", "no_long", "no_time", "twice", "ints", "doubles", "times");

    private static PortableStatement echo() {
        UUID id = UUID.fromString("1b4e28ba-2fa1-11d2-883f-0016d3cca427");
        return new PortableStatement(ECHO, 17)
                .bind(0, "it's \"quoted\", {braced}")
                .bind(1, 42)
                .bind(2, (short) 7)
                .bind(3, 9_000_000_000L)
                .bind(4, 0.25)
                .bind(5, true)
                .bind(6, Instant.parse("2026-03-01T10:15:30.123456Z"))
                .bind(7, new String[]{"a", null, "c, d"})
                .bind(8, new UUID[]{id})
                .bind(9, new Boolean[]{true, false})
                .bind(10, new Vector[]{Vector.of(1f, -0.5f, 1.0e-7f), null})
                .bindNullable(11, null, String.class)
                .bindNullable(12, null, Long.class)
                .bindNullable(13, null, Instant.class)
                .bind(14, new Integer[]{10, null})
                .bind(15, new Double[]{0.5, -2.0})
                .bind(16, new OffsetDateTime[]{OffsetDateTime.parse("2026-03-01T12:15:30.5+02:00"), null});
    }

    private static List<String> row(io.r2dbc.spi.Readable row) {
        return COLUMNS.stream().map(column -> row.get(column, String.class)).toList();
    }

    @Test
    void everyKindOfValueReachesTheServerAlikeThroughEitherDriver() throws Exception {
        List<String> overJdbc;
        try (Connection c = TestServices.get().jdbc()) {
            overJdbc = StatementRunner.over(c).rows(echo(), PortableStatementTest::row).single().block(WAIT);
        }
        List<String> throughPool;
        try (OwnPool own = new OwnPool("portable-", Map.of(), WAIT)) {
            throughPool = own.database().inStatementsNamingTheirUsers(c -> StatementRunner.over(c)
                    .rows(echo(), PortableStatementTest::row).single()).block(WAIT);
        }
        assertThat(overJdbc).isEqualTo(throughPool);
        assertThat(overJdbc).containsExactly("it's \"quoted\", {braced}", "42", "7", "9000000000", "0.25", "true",
                "1772360130.123456", "{a,NULL,\"c, d\"}", "{1b4e28ba-2fa1-11d2-883f-0016d3cca427}", "{t,f}",
                "[1,-0.5,1e-07] NULL", "null", "null", "null", "true", "{10,NULL}", "{0.5,-2}", "1772360130.500000 NULL");
    }

    @Test
    void numberedParametersBecomeOneMarkPerOccurrence() {
        PortableStatement.JdbcForm form = PortableStatement.jdbcForm("SELECT $1, $2 WHERE a = $1 AND b = $10 AND c = '$'");
        assertThat(form.sql()).isEqualTo("SELECT ?, ? WHERE a = ? AND b = ? AND c = '$'");
        assertThat(form.parameterOfMark()).containsExactly(0, 1, 0, 9);
    }

    @Test
    void aParameterLeftUnboundIsRefusedBeforeAnythingRuns() throws Exception {
        PortableStatement halfBound = new PortableStatement("SELECT $1::text, $2::text", 2).bind(0, "a");
        try (Connection c = TestServices.get().jdbc()) {
            assertThatThrownBy(() -> StatementRunner.over(c).rows(halfBound, r -> 1).blockLast(WAIT))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("parameter $2");
        }
        assertThatThrownBy(() -> new PortableStatement("SELECT $1", 1).bind(0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a type");
    }
}
