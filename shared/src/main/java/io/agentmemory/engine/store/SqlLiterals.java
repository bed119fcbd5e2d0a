package io.agentmemory.engine.store;

/**
 * Text written into SQL as a literal, for the few statements sent as simple queries: those carry no parameters,
 * and the driver sends them without waiting for the statement before to answer. An escape string literal
 * ({@code E'...'}) reads backslashes the same way whatever {@code standard_conforming_strings} says, so doubling
 * backslashes and quotes keeps any text a literal.
 */
final class SqlLiterals {

    private SqlLiterals() {
    }

    static String text(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("text holding a NUL character cannot be an SQL literal");
        }
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
