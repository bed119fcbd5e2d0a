package io.agentmemory.engine.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How often the credentials' source is read when the database refuses logins. The source here is a queue of the
 * logins a secret store would answer, one per read: the engine module holds no secret store of its own (the
 * functions' test runs the same class against Secrets Manager in moto_server and a password-checking PostgreSQL).
 */
class RereadingCredentialsTest {

    private static final DatabaseLogin OLD = new DatabaseLogin("memory_app", "old");
    private static final DatabaseLogin NEW = new DatabaseLogin("memory_app", "new");

    /** Answers the given logins in order, the last one from then on, and counts the reads. */
    private static final class SecretStore implements Supplier<DatabaseLogin> {
        private final Deque<DatabaseLogin> answers;
        int reads;

        SecretStore(DatabaseLogin... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public DatabaseLogin get() {
            reads++;
            return answers.size() > 1 ? answers.poll() : answers.peek();
        }
    }

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void connectionsRefusedWithTheSameLoginShareOneReread() {
        SecretStore store = new SecretStore(OLD, NEW);
        RereadingCredentials credentials = new RereadingCredentials(store, Duration.ofSeconds(5), nanos::get);
        assertThat(credentials.current()).isEqualTo(OLD);

        assertThat(credentials.refused(OLD)).as("the first refused connection").isTrue();
        assertThat(credentials.refused(OLD)).as("the second, refused with the same old login").isTrue();
        assertThat(credentials.current()).isEqualTo(NEW);
        assertThat(store.reads).as("reads: init and one re-read").isEqualTo(2);
    }

    @Test
    void aLoginTheSourceStillHoldsIsNotRetriedAndTheSourceIsReadAgainOnlyAfterTheInterval() {
        SecretStore store = new SecretStore(OLD);
        RereadingCredentials credentials = new RereadingCredentials(store, Duration.ofSeconds(5), nanos::get);

        assertThat(credentials.refused(OLD)).as("nothing new to try").isFalse();
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(credentials.refused(OLD)).isFalse();
        assertThat(store.reads).as("reads within the interval: init and one re-read").isEqualTo(2);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(credentials.refused(OLD)).isFalse();
        assertThat(store.reads).as("one more read once the interval has passed").isEqualTo(3);
    }

    @Test
    void aSourceThatCannotBeReadLeavesTheRefusalStanding() {
        int[] reads = {0};
        RereadingCredentials credentials = new RereadingCredentials(() -> {
            if (reads[0]++ > 0) {
                throw new IllegalStateException("secret store unreachable");
            }
            return OLD;
        }, Duration.ofSeconds(5), nanos::get);

        assertThat(credentials.refused(OLD)).isFalse();
        assertThat(credentials.current()).as("the cached login stays").isEqualTo(OLD);
    }

    @Test
    void theLoginNeverShowsItsPassword() {
        assertThat(new DatabaseLogin("memory_app", "s3cr3t").toString()).contains("memory_app").doesNotContain("s3cr3t");
    }
}
