package io.agentmemory.functions;

import io.agentmemory.functions.config.DatabaseSecret;
import io.agentmemory.functions.testing.EmulatedSecrets;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Credentials come from Secrets Manager at init: the real AWS SDK against moto_server, then a real invocation. */
class DatabaseSecretTest {

    private static MotoServer moto;

    @BeforeAll
    static void startEmulator() throws Exception {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopEmulator() {
        if (moto != null) {
            moto.close();
        }
    }

    private static String createSecret(String value) {
        return new EmulatedSecrets(moto).create(value);
    }

    @Test
    void credentialsAreReadFromTheSecretInTheRdsFormat() {
        String arn = createSecret("{\"username\":\"memory_app\",\"password\":\"s3cr3t\",\"engine\":\"postgres\",\"port\":5432}");
        DatabaseSecret.Credentials credentials = DatabaseSecret.fetch(arn, moto.endpoint());
        assertThat(credentials.username()).isEqualTo("memory_app");
        assertThat(credentials.password()).isEqualTo("s3cr3t");
    }

    @Test
    void aSecretWithoutAPasswordIsRefusedAtInitNotAtTheFirstRequest() {
        String arn = createSecret("{\"username\":\"memory_app\"}");
        assertThatThrownBy(() -> DatabaseSecret.fetch(arn, moto.endpoint()))
                .hasMessageContaining("'username' and 'password'");
    }

    @Test
    void aFunctionConfiguredWithASecretConnectsAndAnswers() {
        String arn = createSecret("{\"username\":\"postgres\",\"password\":\"unused-with-trust-auth\"}");
        Map<String, String> settings = Functions.testEnvironment();
        settings.put("DATABASE_SECRET_ARN", arn);
        settings.put("SECRETS_MANAGER_ENDPOINT", moto.endpoint());
        FunctionInvoker search = Functions.start(FunctionBeans.SEARCH, settings);
        String user = "user-" + UUID.randomUUID();
        var response = Functions.invoke(search, FunctionBeans.SEARCH,
                HttpEvents.post("/v1/users/" + user + "/memories/search", "{\"query\":\"trains\"}").as(user).bytes());
        assertThat(response.status()).isEqualTo(200);
    }
}
