package io.agentmemory.engine.extraction;

import java.util.Objects;

/**
 * One fact an extractor kept: a short third-person statement ("Is flying to Oslo next month"), the date a
 * relative time in what was said resolves to, counted from the message's time ({@code 2025-06}; {@code YYYY},
 * {@code YYYY-MM} or {@code YYYY-MM-DD}, as precise as the words were; null when the statement names no time),
 * when the extractor knows it, the attribute the fact states ({@code "seat preference"}; null otherwise), and the
 * words of the message it was read from ({@code source}; null when the extractor cannot tell which message).
 *
 * <p>The stored memory is {@link #memoryText()}: the statement followed by its resolved date in brackets,
 * "Is flying to Oslo next month (2025-06)", so "next month" still means the right month when it is read a
 * year later, and a keyword search for the month finds it. The source is kept beside the memory for keyword search
 * only: a rewrite keeps the fact, not every word the user used for it, and a question is asked in the user's words.
 */
public record ExtractedFact(String text, String date, String attribute, String source) {

    public ExtractedFact(String text, String date, String attribute) {
        this(text, date, attribute, null);
    }

    public ExtractedFact {
        Objects.requireNonNull(text, "text");
        if (date != null && !date.matches("\\d{4}(?:-\\d{2}(?:-\\d{2})?)?")) {
            throw new IllegalArgumentException("date must be YYYY, YYYY-MM or YYYY-MM-DD, got '" + date + "'");
        }
    }

    public static ExtractedFact undated(String text) {
        return new ExtractedFact(text, null, null);
    }

    public ExtractedFact withDate(String resolved) {
        return new ExtractedFact(text, resolved, attribute, source);
    }

    public ExtractedFact withSource(String message) {
        return new ExtractedFact(text, date, attribute, message);
    }

    private static final java.util.regex.Pattern DATE_SUFFIX = java.util.regex.Pattern.compile(" \\(\\d{4}(?:-\\d{2}(?:-\\d{2})?)?\\)$");

    /** The statement in a stored text, without the date suffix {@link #memoryText()} added. */
    public static String statementOf(String memoryText) {
        return DATE_SUFFIX.matcher(memoryText).replaceFirst("");
    }

    /** The text to store: the statement, and its resolved date in brackets when it has one. */
    public String memoryText() {
        return date == null || text.contains(date) ? text : text + " (" + date + ")";
    }
}
