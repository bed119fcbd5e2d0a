package io.agentmemory.engine.cache;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.output.KeyValueListOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Several commands sent to Redis in one write. Lettuce's command methods each write and flush on their own: a
 * search's cache fill (two SETs), or a batch's look-up (an MGET per user), fill (up to two hundred SETs) and new
 * users' generations (a SET and a GET each), became that many hand-offs to the connection's event loop, socket writes and replies. {@code dispatch} of a
 * collection writes them together; the replies come back together, in order. The connection's command timeout
 * applies to each command as it does to single ones.
 */
final class OneWrite {

    private OneWrite() {
    }

    /**
     * The values of the keys, in their order (null where missing): one MGET per user's hash tag, all in one write,
     * so a single search's look-up is one command and a batch's one write and one reply; every MGET stays within
     * one cluster slot.
     */
    static CompletableFuture<List<byte[]>> getInSlots(StatefulRedisConnection<String, byte[]> connection,
                                                      RedisCodec<String, byte[]> codec, List<String> keys) {
        Map<String, List<Integer>> positionsByTag = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            positionsByTag.computeIfAbsent(CacheKeys.tagOf(keys.get(i)), tag -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> groups = new ArrayList<>(positionsByTag.values());
        List<List<String>> keyGroups = groups.stream().map(group -> group.stream().map(keys::get).toList()).toList();
        return mget(connection, codec, keyGroups).thenApply(groupValues -> {
            List<byte[]> values = new ArrayList<>(Collections.nCopies(keys.size(), (byte[]) null));
            for (int g = 0; g < groups.size(); g++) {
                List<KeyValue<String, byte[]>> pairs = groupValues.get(g);
                for (int k = 0; k < pairs.size(); k++) {
                    values.set(groups.get(g).get(k), pairs.get(k).getValueOrElse(null));
                }
            }
            return values;
        });
    }

    /** One MGET per group of keys; each reply lists the group's values in key order (absent keys empty). */
    static CompletableFuture<List<List<KeyValue<String, byte[]>>>> mget(StatefulRedisConnection<String, byte[]> connection,
                                                                       RedisCodec<String, byte[]> codec, List<List<String>> keyGroups) {
        List<AsyncCommand<String, byte[], List<KeyValue<String, byte[]>>>> commands = new ArrayList<>(keyGroups.size());
        for (List<String> keys : keyGroups) {
            commands.add(new AsyncCommand<>(new Command<>(CommandType.MGET, new KeyValueListOutput<>(codec, keys),
                    new CommandArgs<>(codec).addKeys(keys))));
        }
        return send(connection, commands);
    }

    /** SET key value EX ttl for every entry. */
    static CompletableFuture<List<String>> setAll(StatefulRedisConnection<String, byte[]> connection,
                                                  RedisCodec<String, byte[]> codec, Map<String, byte[]> entries, Duration ttl) {
        List<AsyncCommand<String, byte[], String>> commands = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> commands.add(new AsyncCommand<>(new Command<>(CommandType.SET, new StatusOutput<>(codec),
                new CommandArgs<>(codec).addKey(key).addValue(value).add("EX").add(ttl.toSeconds())))));
        return send(connection, commands);
    }

    private static <T> CompletableFuture<List<T>> send(StatefulRedisConnection<String, byte[]> connection,
                                                       List<AsyncCommand<String, byte[], T>> commands) {
        connection.dispatch(commands);
        return replies(commands);
    }

    private static <T> CompletableFuture<List<T>> replies(List<AsyncCommand<String, byte[], T>> commands) {
        return CompletableFuture.allOf(commands.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<T> replies = new ArrayList<>(commands.size());
            commands.forEach(command -> replies.add(command.join()));
            return replies;
        });
    }
}
