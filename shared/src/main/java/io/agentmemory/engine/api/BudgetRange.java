package io.agentmemory.engine.api;

import java.math.BigDecimal;

/** The amounts the user's memories state, in their most used currency; amounts in other currencies are not mixed in. */
public record BudgetRange(String currency, BigDecimal min, BigDecimal average, BigDecimal max, int amounts) {
}
