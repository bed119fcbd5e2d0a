package io.agentmemory.engine.travel;

import io.agentmemory.engine.api.BudgetRange;
import io.agentmemory.engine.api.ContextEntry;
import io.agentmemory.engine.api.Memory;
import io.agentmemory.engine.api.Mention;
import io.agentmemory.engine.api.TravelInsights;
import io.agentmemory.engine.api.UserContext;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns one user's memories into the grouped context, insights and summary a travel planner reads. */
public final class TravelContextBuilder {

    static final String NEW_USER_SUMMARY = "New user with limited travel history";
    private static final int TOP = 5;

    private TravelContextBuilder() {
    }

    /** @param only the one group to fill, or null for all */
    public static UserContext build(String userId, List<Memory> memories, ContextGroup only) {
        Map<ContextGroup, List<ContextEntry>> groups = new EnumMap<>(ContextGroup.class);
        for (ContextGroup group : ContextGroup.values()) {
            groups.put(group, new ArrayList<>());
        }
        for (Memory memory : memories) {
            for (ContextGroup group : groupsOf(memory)) {
                groups.get(group).add(new ContextEntry(memory.id(), memory.memory(), memory.categories(), memory.createdAt()));
            }
        }
        if (only != null) {
            groups.replaceAll((group, entries) -> group == only ? entries : List.of());
        }
        TravelInsights insights = insights(memories);
        return new UserContext(userId,
                groups.get(ContextGroup.PREFERENCES), groups.get(ContextGroup.PAST_TRIPS),
                groups.get(ContextGroup.SAVED_DESTINATIONS), groups.get(ContextGroup.BUDGET_PATTERNS),
                groups.get(ContextGroup.TRAVEL_STYLE), groups.get(ContextGroup.DIETARY_RESTRICTIONS),
                groups.get(ContextGroup.ACCOMMODATION_PREFERENCES), groups.get(ContextGroup.ACTIVITY_PREFERENCES),
                insights, summary(insights), memories.size());
    }

    /** Categories decide when any of them names a group; keywords decide otherwise. */
    static List<ContextGroup> groupsOf(Memory memory) {
        List<ContextGroup> byCategory = new ArrayList<>();
        for (ContextGroup group : ContextGroup.values()) {
            if (memory.categories().stream().anyMatch(group::claimsCategory)) {
                byCategory.add(group);
            }
        }
        if (!byCategory.isEmpty()) {
            return byCategory;
        }
        List<ContextGroup> byKeyword = new ArrayList<>();
        for (ContextGroup group : ContextGroup.values()) {
            if (group.matchesText(memory.memory())) {
                byKeyword.add(group);
            }
        }
        return byKeyword;
    }

    private static List<String> textsIn(List<Memory> memories, ContextGroup group) {
        return memories.stream().filter(m -> groupsOf(m).contains(group)).map(Memory::memory).toList();
    }

    static TravelInsights insights(List<Memory> memories) {
        List<String> texts = memories.stream().map(Memory::memory).toList();
        int pastTrips = textsIn(memories, ContextGroup.PAST_TRIPS).size();
        // What the user states as their style outweighs what other memories hint at.
        String style = style(textsIn(memories, ContextGroup.TRAVEL_STYLE));
        if (TravelStyles.GENERAL.equals(style)) {
            style = style(texts);
        }
        List<Mention> destinations = top(texts.stream().flatMap(t -> Destinations.in(t).stream()).toList());
        List<Mention> activities = top(texts.stream()
                .flatMap(t -> Activities.BY_NAME.entrySet().stream().filter(e -> e.getValue().matcher(t).find()).map(Map.Entry::getKey))
                .toList());
        return new TravelInsights(destinations, budgetRange(texts), frequency(pastTrips), pastTrips, activities, style);
    }

    private static List<Mention> top(List<String> names) {
        Map<String, Long> counts = names.stream().collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(TOP)
                .map(e -> new Mention(e.getKey(), e.getValue().intValue()))
                .toList();
    }

    private static Object budgetRange(List<String> texts) {
        List<MoneyAmounts.Amount> amounts = texts.stream().flatMap(t -> MoneyAmounts.in(t).stream()).toList();
        if (amounts.isEmpty()) {
            return TravelInsights.NO_BUDGET_DATA;
        }
        Map<String, List<BigDecimal>> byCurrency = amounts.stream().collect(Collectors.groupingBy(
                MoneyAmounts.Amount::currency, LinkedHashMap::new, Collectors.mapping(MoneyAmounts.Amount::value, Collectors.toList())));
        var main = byCurrency.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow();
        List<BigDecimal> values = main.getValue();
        BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return new BudgetRange(main.getKey(), values.stream().min(Comparator.naturalOrder()).orElseThrow(),
                plain(sum.divide(BigDecimal.valueOf(values.size()), 2, RoundingMode.HALF_UP)),
                values.stream().max(Comparator.naturalOrder()).orElseThrow(), values.size());
    }

    /** 2000.00 → 2000 and 1500.50 → 1500.5, never 2E+3: JSON readers should see a plain number. */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static String frequency(int pastTrips) {
        if (pastTrips >= 5) {
            return "frequent";
        }
        if (pastTrips >= 2) {
            return "occasional";
        }
        return pastTrips == 1 ? "rare" : "unknown";
    }

    private static String style(List<String> texts) {
        String best = TravelStyles.GENERAL;
        long bestCount = 0;
        for (Map.Entry<String, Pattern> style : TravelStyles.BY_NAME.entrySet()) {
            long count = texts.stream().filter(t -> style.getValue().matcher(t).find()).count();
            if (count > bestCount) {
                best = style.getKey();
                bestCount = count;
            }
        }
        return best;
    }

    static String summary(TravelInsights insights) {
        List<String> sentences = new ArrayList<>();
        if (!insights.preferredDestinations().isEmpty()) {
            sentences.add("Frequently travels to: " + names(insights.preferredDestinations()) + ".");
        }
        if (!TravelStyles.GENERAL.equals(insights.primaryTravelStyle())) {
            sentences.add("Travel style: " + insights.primaryTravelStyle() + ".");
        }
        if (insights.budgetRange() instanceof BudgetRange budget) {
            NumberFormat format = NumberFormat.getNumberInstance(Locale.US);
            format.setMaximumFractionDigits(0);
            sentences.add("Average budget: " + format.format(budget.average()) + " " + budget.currency() + ".");
        }
        if (!insights.preferredActivities().isEmpty()) {
            sentences.add("Enjoys: " + names(insights.preferredActivities()) + ".");
        }
        return sentences.isEmpty() ? NEW_USER_SUMMARY : String.join(" ", sentences);
    }

    private static String names(List<Mention> mentions) {
        return mentions.stream().map(Mention::name).collect(Collectors.joining(", "));
    }
}
