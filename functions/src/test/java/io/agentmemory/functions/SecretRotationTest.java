package io.agentmemory.functions;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.agentmemory.engine.reliability.OwnPostgres;
import io.agentmemory.engine.store.RereadingCredentials;
import io.agentmemory.engine.store.SchemaMigrator;
import io.agentmemory.functions.testing.EmulatedSecrets;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.LambdaResponse;
import io.agentmemory.functions.testing.MotoServer;
import io.agentmemory.functions.testing.SecretReads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rotation of the database secret while an execution environment lives (or sleeps in a SnapStart snapshot): the
 * login read at init goes stale. A PostgreSQL cluster this test owns checks passwords (the machine's shared server
 * trusts every local connection), the secret lives in moto_server and is read by the real AWS SDK, and the real
 * handler is invoked with API Gateway events. The secret reads are counted where the SDK makes them.
 */
class SecretRotationTest {

    private static final String SERVICE_ROLE = SchemaMigrator.DEFAULT_SERVICE_ROLE;

    private static OwnPostgres database;
    private static MotoServer moto;
    private static EmulatedSecrets secrets;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(OwnPostgres.available(), "PostgreSQL server binaries (initdb, pg_ctl) are not installed");
        moto = MotoServer.start();
        secrets = new EmulatedSecrets(moto);
        database = OwnPostgres.startWithPasswords(20);
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void anEnvironmentPicksUpARotatedSecretWithOneReread() throws Exception {
        String first = "first-" + UUID.randomUUID();
        database.setPassword(SERVICE_ROLE, first);
        String arn = secrets.create(login(first));
        FunctionInvoker add = Functions.start(FunctionBeans.ADD, settings(arn, "rotation", null));
        int readsAtInit = SecretReads.of(arn);
        assertThat(readsAtInit).as("the secret is read once at init").isEqualTo(1);
        String user = "user-" + UUID.randomUUID();
        assertThat(add(add, user, "Prefers window seats").status()).isEqualTo(201);

        // The rotation: the role's password changes, then the secret's current version; the environment's
        // connections end (as after a SnapStart restore or a failover), so the next invocation must log in again.
        String second = "second-" + UUID.randomUUID();
        database.setPassword(SERVICE_ROLE, second);
        secrets.put(arn, login(second));
        assertThat(database.terminateSessionsOf(SERVICE_ROLE)).as("the environment's open sessions").isPositive();

        LambdaResponse afterRotation = add(add, user, "Is vegetarian");
        assertThat(afterRotation.status()).as(afterRotation.rawBody()).isEqualTo(201);
        assertThat(SecretReads.of(arn) - readsAtInit).as("secret re-reads after the rotation").isEqualTo(1);

        assertThat(add(add, user, "Travels with a cat").status()).isEqualTo(201);
        assertThat(SecretReads.of(arn) - readsAtInit).as("no further reads once the new login works").isEqualTo(1);
    }

    /**
     * Secrets Manager's alternating-users rotation: the secret moves to a clone of the service role (a login that is
     * a member of it, so it has the role's grants and falls under its row policies), and the old login is retired.
     * The environment must log in as the clone and see and write the same user's rows as before.
     */
    @Test
    void anEnvironmentFollowsTheSecretToAnotherLoginOfTheServiceRole() throws Exception {
        String first = "first-" + UUID.randomUUID();
        database.setPassword(SERVICE_ROLE, first);
        String arn = secrets.create(login(SERVICE_ROLE, first));
        FunctionInvoker add = Functions.start(FunctionBeans.ADD, settings(arn, "alternating-users", null));
        int readsAtInit = SecretReads.of(arn);
        String user = "user-" + UUID.randomUUID();
        assertThat(add(add, user, "Prefers window seats").status()).isEqualTo(201);

        String clone = SERVICE_ROLE + "_clone_" + UUID.randomUUID().toString().substring(0, 8);
        String clonePassword = "clone-" + UUID.randomUUID();
        try (var c = database.jdbc(); var s = c.createStatement()) {
            s.execute("CREATE ROLE " + clone + " LOGIN PASSWORD '" + clonePassword + "' IN ROLE " + SERVICE_ROLE);
        }
        secrets.put(arn, login(clone, clonePassword));
        database.setPassword(SERVICE_ROLE, "retired-" + UUID.randomUUID());
        database.terminateSessionsOf(SERVICE_ROLE);

        LambdaResponse afterRotation = add(add, user, "Is vegetarian");
        assertThat(afterRotation.status()).as(afterRotation.rawBody()).isEqualTo(201);
        assertThat(SecretReads.of(arn) - readsAtInit).as("secret re-reads after the rotation").isEqualTo(1);
        try (var c = database.jdbc(); var s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE usename = ?")) {
            s.setString(1, clone);
            try (var rows = s.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).as("the environment's sessions log in as the clone").isPositive();
            }
        }
        // An environment started after the rotation logs in as the clone from the start.
        FunctionInvoker manage = Functions.start(FunctionBeans.MANAGE, settings(arn, "alternating-users-list", null));
        LambdaResponse listed = Functions.invoke(manage, FunctionBeans.MANAGE,
                HttpEvents.get("/v1/users/" + user + "/memories").as(user).bytes());
        assertThat(listed.status()).as(listed.rawBody()).isEqualTo(200);
        assertThat(listed.rawBody()).as("the rows written under either login").contains("Prefers window seats", "Is vegetarian");
    }

    @Test
    void aPasswordTheSecretDoesNotHoldYetAnswers503AndReadsTheSecretOncePerInterval() throws Exception {
        String current = "current-" + UUID.randomUUID();
        database.setPassword(SERVICE_ROLE, current);
        String arn = secrets.create(login(current));
        FunctionInvoker add = Functions.start(FunctionBeans.ADD, settings(arn, "half-rotated", "600"));
        int readsAtInit = SecretReads.of(arn);
        String user = "user-" + UUID.randomUUID();
        assertThat(add(add, user, "Prefers aisle seats").status()).isEqualTo(201);

        // The database's password changed, the secret did not (a rotation stuck between its steps, or a manual change).
        database.setPassword(SERVICE_ROLE, "changed-" + UUID.randomUUID());
        database.terminateSessionsOf(SERVICE_ROLE);
        // Attached after the handler started: a Spring context starting re-initialises logback.
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger credentialsLog = (Logger) LoggerFactory.getLogger(RereadingCredentials.class);
        logged.start();
        credentialsLog.addAppender(logged);
        long refusalsBefore = loginRefusals();
        LambdaResponse first;
        LambdaResponse second;
        try {
            first = add(add, user, "Is vegetarian");
            second = add(add, user, "Travels with a cat");
        } finally {
            credentialsLog.detachAppender(logged);
        }

        for (LambdaResponse refused : new LambdaResponse[]{first, second}) {
            assertThat(refused.status()).as(refused.rawBody()).isEqualTo(503);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.headers()).containsKey("retry-after");
            assertThat(refused.rawBody()).doesNotContain("Exception", "password", "28P01", current);
        }
        assertThat(SecretReads.of(arn) - readsAtInit).as("re-reads for two refused invocations within the interval").isEqualTo(1);
        // No retry loop: per invocation, the pool's one acquisition retry; the store never retries a refused login.
        assertThat(loginRefusals() - refusalsBefore).as("logins the server refused for two invocations").isBetween(2L, 4L);
        assertThat(logged.list).as("what the refusal logged").singleElement()
                .satisfies(event -> {
                    assertThat(event.getLevel()).isEqualTo(Level.WARN);
                    assertThat(event.getFormattedMessage()).contains("refused", SERVICE_ROLE).doesNotContain(current);
                });
    }

    private static long loginRefusals() throws java.io.IOException {
        return database.serverLog().lines().filter(line -> line.contains("password authentication failed")).count();
    }

    private static Map<String, String> settings(String secretArn, String clientName, String minimumRereadSeconds) {
        Map<String, String> settings = Functions.testEnvironment();
        // Host, port and database from the URL; the login only from the secret.
        settings.put("DATABASE_URL", "postgresql://127.0.0.1:" + database.port() + "/postgres");
        settings.remove("DATABASE_USER");
        settings.remove("DATABASE_PASSWORD");
        settings.put("DATABASE_SECRET_ARN", secretArn);
        settings.put("SECRETS_MANAGER_ENDPOINT", moto.endpoint());
        settings.put("CLIENT_NAME", clientName);
        // The JVM's first connection (Netty, the driver, SCRAM) can take longer than the 2 s default on a busy
        // machine; this test is about logins, not speed.
        settings.put("DB_ACQUIRE_TIMEOUT_MS", "8000");
        settings.put("DB_CONNECT_TIMEOUT_MS", "8000");
        if (minimumRereadSeconds != null) {
            settings.put("DATABASE_SECRET_MIN_REREAD_SECONDS", minimumRereadSeconds);
        }
        return settings;
    }

    private static String login(String password) {
        return login(SERVICE_ROLE, password);
    }

    private static String login(String username, String password) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"engine\":\"postgres\"}";
    }

    private static LambdaResponse add(FunctionInvoker add, String user, String content) {
        return Functions.invoke(add, FunctionBeans.ADD, HttpEvents.post("/v1/users/" + user + "/memories",
                "{\"infer\":false,\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}").as(user).bytes());
    }
}
