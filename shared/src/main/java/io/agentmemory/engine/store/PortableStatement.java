package io.agentmemory.engine.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.pgvector.PGvector;
import io.agentmemory.engine.InProcessCache;
import io.r2dbc.postgresql.codec.Vector;
import io.r2dbc.spi.Statement;
import org.postgresql.util.PGobject;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement written once, with PostgreSQL's numbered parameters ({@code $1}, {@code $2} ...), and its values, that
 * runs through the reactive driver of the pool or over the blocking JDBC connection of the caller's thread
 * ({@link StatementRunner}). JDBC marks parameters by position, one {@code ?} per occurrence, so there a number the
 * SQL uses twice is bound twice. The values are those the reactive driver takes; vectors are bound through
 * pgvector-java over JDBC.
 */
public final class PortableStatement {

    private static final Pattern NUMBERED = Pattern.compile("\\$(\\d+)");
    /** The statements' shapes are few (a search's vary with its modes and filters), but bounded all the same. */
    private static final Cache<String, JdbcForm> JDBC_FORMS = InProcessCache.bounded(1_000);
    /** The SQL type a null of each bindable class is sent as over JDBC. */
    private static final Map<Class<?>, Integer> NULL_TYPES = Map.of(String.class, Types.VARCHAR, Long.class, Types.BIGINT,
            Integer.class, Types.INTEGER, Short.class, Types.SMALLINT, Double.class, Types.DOUBLE, Boolean.class, Types.BOOLEAN,
            Instant.class, Types.TIMESTAMP_WITH_TIMEZONE);

    /** The SQL with positional marks, and for each mark (from 0) the parameter (from 0) it stands for. */
    record JdbcForm(String sql, int[] parameterOfMark) {
    }

    private final String sql;
    private final Object[] values;
    private final Class<?>[] nullTypes;

    /** @param parameters how many numbered parameters the SQL has; each must be bound before it runs */
    public PortableStatement(String sql, int parameters) {
        this.sql = sql;
        this.values = new Object[parameters];
        this.nullTypes = new Class<?>[parameters];
    }

    /** Binds {@code $(index + 1)} to a value that is not null. */
    public PortableStatement bind(int index, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("parameter $" + (index + 1) + " bound to null without a type");
        }
        values[index] = value;
        nullTypes[index] = null;
        return this;
    }

    /** Binds {@code $(index + 1)} to a value that may be null, of the type a null is sent as. */
    public <T> PortableStatement bindNullable(int index, T value, Class<T> type) {
        values[index] = value;
        nullTypes[index] = value == null ? type : null;
        return this;
    }

    /** The statement on a connection of the reactive driver, bound. */
    Statement on(io.r2dbc.spi.Connection c) {
        Statement statement = c.createStatement(sql);
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                statement.bind(i, values[i]);
            } else if (nullTypes[i] != null) {
                statement.bindNull(i, nullTypes[i]);
            } else {
                throw unbound(i);
            }
        }
        return statement;
    }

    /** The statement on a JDBC connection, bound; the caller closes it. */
    PreparedStatement on(java.sql.Connection c) throws SQLException {
        JdbcForm form = JDBC_FORMS.get(sql, PortableStatement::jdbcForm);
        PreparedStatement statement = c.prepareStatement(form.sql());
        try {
            for (int mark = 0; mark < form.parameterOfMark().length; mark++) {
                int parameter = form.parameterOfMark()[mark];
                if (parameter >= values.length || values[parameter] == null && nullTypes[parameter] == null) {
                    throw unbound(parameter);
                }
                bindJdbc(c, statement, mark + 1, values[parameter], nullTypes[parameter]);
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    private IllegalStateException unbound(int index) {
        return new IllegalStateException("parameter $" + (index + 1) + " of a statement is not bound");
    }

    static JdbcForm jdbcForm(String sql) {
        Matcher numbered = NUMBERED.matcher(sql);
        StringBuilder positional = new StringBuilder(sql.length());
        List<Integer> parameters = new ArrayList<>();
        while (numbered.find()) {
            parameters.add(Integer.parseInt(numbered.group(1)) - 1);
            numbered.appendReplacement(positional, "?");
        }
        numbered.appendTail(positional);
        return new JdbcForm(positional.toString(), parameters.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void bindJdbc(java.sql.Connection c, PreparedStatement s, int mark, Object value, Class<?> nullType)
            throws SQLException {
        if (value == null) {
            s.setNull(mark, sqlTypeOf(nullType));
            return;
        }
        switch (value) {
            case String v -> s.setString(mark, v);
            case Integer v -> s.setInt(mark, v);
            case Short v -> s.setShort(mark, v);
            case Long v -> s.setLong(mark, v);
            case Double v -> s.setDouble(mark, v);
            case Boolean v -> s.setBoolean(mark, v);
            case Instant v -> s.setObject(mark, v.atOffset(ZoneOffset.UTC));
            case String[] v -> s.setArray(mark, c.createArrayOf("text", v));
            case UUID[] v -> s.setArray(mark, c.createArrayOf("uuid", v));
            case Boolean[] v -> s.setArray(mark, c.createArrayOf("boolean", v));
            case Integer[] v -> s.setArray(mark, c.createArrayOf("int4", v));
            case Double[] v -> s.setArray(mark, c.createArrayOf("float8", v));
            case OffsetDateTime[] v -> s.setArray(mark, c.createArrayOf("timestamptz", isoTimes(v)));
            case Vector[] v -> s.setObject(mark, vectorArray(v));
            case Vector v -> s.setObject(mark, new PGvector(v.getVector()));
            default -> throw new IllegalArgumentException("no JDBC binding for a parameter of " + value.getClass().getName());
        }
    }

    /**
     * An array of vectors in PostgreSQL's text form ({@code {"[1,2]",NULL}}), each vector in {@link Vectors}' form,
     * sent as {@code vector[]} whatever cast the SQL has. (The reactive driver sends its arrays of vectors with a
     * lower bound of 0; the statements read them with {@code unnest}, which does not mind.)
     */
    private static PGobject vectorArray(Vector[] vectors) throws SQLException {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < vectors.length; i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append(vectors[i] == null ? "NULL" : '"' + Vectors.toText(vectors[i].getVector()) + '"');
        }
        PGobject array = new PGobject();
        array.setType("_vector");
        array.setValue(literal.append('}').toString());
        return array;
    }

    /** Times as PostgreSQL reads them (ISO 8601 with the offset), for an array the driver has no encoder for. */
    private static String[] isoTimes(OffsetDateTime[] times) {
        String[] iso = new String[times.length];
        for (int i = 0; i < times.length; i++) {
            iso[i] = times[i] == null ? null : times[i].toString();
        }
        return iso;
    }

    private static int sqlTypeOf(Class<?> type) {
        Integer sqlType = NULL_TYPES.get(type);
        if (sqlType == null) {
            throw new IllegalArgumentException("no JDBC type for a null of " + type.getName());
        }
        return sqlType;
    }
}
