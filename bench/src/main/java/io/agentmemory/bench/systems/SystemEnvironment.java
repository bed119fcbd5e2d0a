package io.agentmemory.bench.systems;

import io.agentmemory.bench.workload.SearchQuery;

import java.util.List;

/** One execution environment of a system: it serves one request at a time, and blocks until answered. */
public interface SystemEnvironment extends AutoCloseable {

    /** Remembers one user message; returns how many facts were stored or changed. */
    int add(String userId, String message) throws Exception;

    SearchAnswer search(SearchQuery query) throws Exception;

    /** Answers in input order. */
    List<SearchAnswer> searchBatch(List<SearchQuery> queries) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
