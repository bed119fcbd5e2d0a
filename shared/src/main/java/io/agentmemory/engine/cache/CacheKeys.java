package io.agentmemory.engine.cache;

import io.agentmemory.engine.Sha256;

import java.util.HexFormat;
import java.util.List;

/**
 * Cache key layout. Keys are short and fixed-size (hashes, never user text or ids), and every key of one user
 * carries the same hash tag {@code {…}} so that a clustered DragonflyDB/Redis keeps them in one slot.
 * <pre>
 *   m:{tag}:s:{hash}    a search result (its value carries the user's revision it was computed from)
 *   m:{tag}:c:{hash}    a travel context, likewise
 *   m:{tag}:v:{hash}    the vector of a query text the user searched (model and text hashed)
 * </pre>
 * Nothing in the cache says whether an entry is current: the user's revision in the database does (see
 * {@link CachedResult}). Stale entries expire, or the sweep reclaims them.
 */
public final class CacheKeys {

    private static final HexFormat HEX = HexFormat.of();

    private CacheKeys() {
    }

    /** 64 bits of the user id's SHA-256: two users sharing a tag share a cluster slot, never results. */
    public static String userTag(String userId) {
        return HEX.formatHex(Sha256.of(userId), 0, 8);
    }

    /** The key names the request only; the value carries the revision it was computed from (see {@link CachedResult}). */
    public static String searchResult(String userId, String requestHash) {
        return "m:{" + userTag(userId) + "}:s:" + requestHash;
    }

    /**
     * A query's vector outlives revisions (it depends on the text and the model only); it sits under the
     * user's tag so that erasing the user removes it with everything else.
     */
    public static String queryVector(String userId, String modelAndTextHash) {
        return "m:{" + userTag(userId) + "}:v:" + modelAndTextHash;
    }

    public static String context(String userId, String variantHash) {
        return "m:{" + userTag(userId) + "}:c:" + variantHash;
    }

    /** The hash tag of a key laid out as above (the cluster slot it lives in). */
    static String tagOf(String key) {
        int open = key.indexOf('{');
        int close = key.indexOf('}', open + 1);
        return open < 0 || close < 0 ? key : key.substring(open + 1, close);
    }

    public static String userPattern(String userId) {
        return "m:{" + userTag(userId) + "}:*";
    }

    /** Every cached search result and context of every user: the entries that carry a revision and an expiry. */
    public static List<String> allResultPatterns() {
        return List.of("m:{*}:s:*", "m:{*}:c:*");
    }


    /** 128 bits of SHA-256, URL-safe base64 (22 characters). */
    public static String hash(String canonical) {
        return Sha256.short128(canonical);
    }
}
