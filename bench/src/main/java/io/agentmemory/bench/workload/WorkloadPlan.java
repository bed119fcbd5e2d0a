package io.agentmemory.bench.workload;

import io.agentmemory.engine.testing.TravelCorpus;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The operations every system runs, in order, derived from the seed alone. Searches draw (user, question)
 * pairs from a pool with Zipf-like popularity, so popular questions repeat (and can hit a cache) while the
 * long tail does not; batch items come from the same pool, so single and batch searches see the same mix.
 * Adds are one user message stating three durable facts, each drawn from a small vocabulary so that some
 * repeat what the user said before (a NOOP for the service) and most are new.
 */
public record WorkloadPlan(List<Operation> operations, List<SearchQuery> recallQueries, List<SearchQuery> batchRecallQueries) {

    /** Shares of the mix; the rest are single searches. */
    public static final double ADD_SHARE = 0.20;
    public static final double BATCH_10_SHARE = 0.10;
    public static final double BATCH_100_SHARE = 0.05;
    public static final int LIMIT = 10;
    /** Pairs per user in the popularity pool, and how steep the popularity falls off. */
    private static final int PAIRS_PER_USER = 5;
    private static final double ZIPF_EXPONENT = 1.0;

    private static final String[] DIETS = {"vegetarian", "vegan", "pescatarian", "gluten-free", "lactose intolerant",
            "allergic to peanuts", "a coffee lover", "an early riser", "a light sleeper", "afraid of flying"};
    private static final String[] SEATS = {"window seats", "aisle seats", "exit rows", "quiet hotel rooms",
            "boutique hotels", "night trains", "direct flights", "small group tours", "self-catering apartments",
            "hotels with a gym"};

    public static WorkloadPlan generate(List<String> users, int operations, long seed) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        List<SearchQuery> pool = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        while (pool.size() < users.size() * PAIRS_PER_USER) {
            SearchQuery candidate = new SearchQuery(users.get(random.nextInt(users.size())), TravelCorpus.query(random), LIMIT);
            if (seen.add(candidate.userId() + "\u0001" + candidate.query())) {
                pool.add(candidate);
            }
        }
        ZipfSampler popularity = new ZipfSampler(pool.size(), ZIPF_EXPONENT);
        List<Operation> plan = new ArrayList<>(operations);
        for (int i = 0; i < operations; i++) {
            double roll = random.nextDouble();
            if (roll < ADD_SHARE) {
                plan.add(new Operation.Add(users.get(random.nextInt(users.size())), message(random)));
            } else if (roll < ADD_SHARE + BATCH_100_SHARE) {
                plan.add(new Operation.BatchSearch(draw(pool, popularity, random, 100)));
            } else if (roll < ADD_SHARE + BATCH_100_SHARE + BATCH_10_SHARE) {
                plan.add(new Operation.BatchSearch(draw(pool, popularity, random, 10)));
            } else {
                plan.add(new Operation.Search(pool.get(popularity.sample(random))));
            }
        }
        return new WorkloadPlan(List.copyOf(plan), List.of(), List.of());
    }

    /**
     * Searches outside the timed workload whose hits are compared with an exact ranking: one set asked one by one,
     * another (so neither finds the other's cached answers) through batch search.
     */
    public WorkloadPlan withRecallQueries(List<String> users, int count, long seed) {
        return new WorkloadPlan(operations, queries(users, count, new Random(seed * 7919 + 17)),
                queries(users, count, new Random(seed * 7919 + 29)));
    }

    private static List<SearchQuery> queries(List<String> users, int count, Random random) {
        List<SearchQuery> queries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            queries.add(new SearchQuery(users.get(random.nextInt(users.size())), TravelCorpus.query(random), LIMIT));
        }
        return List.copyOf(queries);
    }

    /** A separate stream of operations with texts no measured operation uses, to warm the JIT. */
    public static List<Operation> warmup(List<String> users, int operations, long seed) {
        List<Operation> measured = generate(users, operations, seed + 1_000_003L).operations();
        List<Operation> warmup = new ArrayList<>(measured.size());
        for (Operation op : measured) {
            warmup.add(switch (op) {
                case Operation.Add add -> add;
                case Operation.Search search -> new Operation.Search(warm(search.query()));
                case Operation.BatchSearch batch -> new Operation.BatchSearch(batch.queries().stream().map(WorkloadPlan::warm).toList());
            });
        }
        return warmup;
    }

    /**
     * A user message of three facts none of which the user has said before in these words: the {@code n}th message's
     * values are its own (a budget, a frequent flyer number, a gym locker), so each fact replaces the one before.
     */
    public static String newFactsMessage(Random random, int n) {
        return "My budget is about " + String.format("%,d", 10_000 + 3 * n) + " EUR, my frequent flyer number is LH-"
                + (100_000 + 1_000 * n + random.nextInt(1_000)) + " and my locker at the gym is number " + (100 + n) + ".";
    }

    public static String message(Random random) {
        return "I'm " + DIETS[random.nextInt(DIETS.length)] + ", I prefer " + SEATS[random.nextInt(SEATS.length)]
                + " and my budget is about " + String.format("%,d", 1_000 + 250 * random.nextInt(17)) + " EUR.";
    }

    private static SearchQuery warm(SearchQuery q) {
        return new SearchQuery(q.userId(), "warm-up: " + q.query(), q.limit());
    }

    private static List<SearchQuery> draw(List<SearchQuery> pool, ZipfSampler popularity, Random random, int size) {
        List<SearchQuery> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(pool.get(popularity.sample(random)));
        }
        return batch;
    }
}
