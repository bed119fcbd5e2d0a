package io.agentmemory.engine.cache;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The environment's own copies of results: all or nothing per look-up, bounded by bytes, erasable per user. */
class LocalResultsTest {

    @Test
    void aLookUpAnswersOnlyWhenEveryKeyIsHeld() {
        LocalResults local = LocalResults.of(1, Duration.ofMinutes(5));
        local.put("a", "user-1", new byte[]{1});
        local.put("b", "user-2", new byte[]{2});
        assertThat(local.getAll(List.of("a", "b"))).containsExactly(new byte[]{1}, new byte[]{2});
        assertThat(local.getAll(List.of("a", "c"))).isNull();
    }

    @Test
    void aCurrentCopyGivesItsPayloadAndAStaleOneIsDropped() {
        LocalResults local = LocalResults.of(1, Duration.ofMinutes(5));
        byte[] atRevision7 = CachedResult.encode(7, CachedResult.NO_EXPIRY, new byte[]{42});
        local.put("a", "user", atRevision7);
        assertThat(local.payloadIfCurrent("a", atRevision7, 7L, System.currentTimeMillis())).containsExactly(42);
        assertThat(local.getAll(List.of("a"))).isNotNull();
        assertThat(local.payloadIfCurrent("a", atRevision7, 8L, System.currentTimeMillis())).isNull();
        assertThat(local.getAll(List.of("a"))).as("dropped once found stale").isNull();
    }

    @Test
    void theEntriesStayWithinTheirBytes() {
        LocalResults local = LocalResults.of(1, Duration.ofMinutes(5));
        for (int i = 0; i < 400; i++) {
            local.put("key-" + i, "user", new byte[10_000]);
        }
        assertThat(local.size()).isPositive().isLessThanOrEqualTo((1 << 20) / 10_000);
    }

    @Test
    void erasingAUserDropsTheirEntriesAndNoOneElses() {
        LocalResults local = LocalResults.of(1, Duration.ofMinutes(5));
        local.put("a", "erased", new byte[]{1});
        local.put("b", "erased", new byte[]{2});
        local.put("c", "kept", new byte[]{3});
        local.forgetUser("erased");
        assertThat(local.getAll(List.of("a"))).isNull();
        assertThat(local.getAll(List.of("b"))).isNull();
        assertThat(local.getAll(List.of("c"))).containsExactly(new byte[]{3});
    }

    @Test
    void zeroMegabytesKeepsNothing() {
        LocalResults local = LocalResults.of(0, Duration.ofMinutes(5));
        local.put("a", "user", new byte[]{1});
        assertThat(local.enabled()).isFalse();
        assertThat(local.getAll(List.of("a"))).isNull();
    }
}
