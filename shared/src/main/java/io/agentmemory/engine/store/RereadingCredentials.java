package io.agentmemory.engine.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Credentials read from a source (e.g. a secret store) once, cached, and read again only when the database refuses
 * the cached login: the case after a rotation, and after a snapshot restore with a login older than the rotation.
 * Re-reads are bounded: when several connections are refused with the same login, one of them re-reads and the
 * others use its answer; and after a re-read, the source is not read again for {@code minimumRereadInterval}, so a
 * database that refuses even the newest login (its password changed, the secret not yet) costs one read per interval,
 * not one per connection attempt.
 */
public final class RereadingCredentials implements DatabaseCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(RereadingCredentials.class);

    private final Supplier<DatabaseLogin> source;
    private final long minimumRereadNanos;
    private final LongSupplier nanoClock;
    private volatile DatabaseLogin cached;
    private long lastRereadNanos;
    private boolean rereadYet;

    RereadingCredentials(Supplier<DatabaseLogin> source, Duration minimumRereadInterval, LongSupplier nanoClock) {
        this.source = Objects.requireNonNull(source, "source");
        this.minimumRereadNanos = minimumRereadInterval.toNanos();
        this.nanoClock = nanoClock;
        this.cached = Objects.requireNonNull(source.get(), "the credentials' source returned no login");
    }

    /** Reads the source now (so a missing or malformed secret fails at init, not at the first request). */
    public static RereadingCredentials readNow(Supplier<DatabaseLogin> source, Duration minimumRereadInterval) {
        return new RereadingCredentials(source, minimumRereadInterval, System::nanoTime);
    }

    @Override
    public DatabaseLogin current() {
        return cached;
    }

    @Override
    public synchronized boolean refused(DatabaseLogin refused) {
        if (!refused.equals(cached)) {
            return true; // another connection already re-read: try the login it found
        }
        long now = nanoClock.getAsLong();
        if (rereadYet && now - lastRereadNanos < minimumRereadNanos) {
            return false;
        }
        rereadYet = true;
        lastRereadNanos = now;
        DatabaseLogin fresh;
        try {
            fresh = Objects.requireNonNull(source.get(), "the credentials' source returned no login");
        } catch (RuntimeException e) {
            // The refusal stays the answer (a 503); the source is tried again after the interval.
            LOG.warn("the database refused the login of user {} and the credentials could not be read again: {}",
                    refused.user(), e.toString());
            return false;
        }
        if (fresh.equals(refused)) {
            LOG.warn("the database refused the login of user {} and the credentials' source still holds it; "
                    + "not reading it again for {} s", refused.user(), Duration.ofNanos(minimumRereadNanos).toSeconds());
            return false;
        }
        LOG.info("the database refused the login of user {}; read the credentials again, now user {}", refused.user(), fresh.user());
        cached = fresh;
        return true;
    }
}
