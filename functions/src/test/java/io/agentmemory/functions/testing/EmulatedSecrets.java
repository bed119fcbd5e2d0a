package io.agentmemory.functions.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.util.UUID;

/** What an operator (or a rotation) does to secrets, through the real AWS SDK against a {@link MotoServer}. */
public final class EmulatedSecrets {

    private final MotoServer moto;

    public EmulatedSecrets(MotoServer moto) {
        this.moto = moto;
    }

    /** @return the new secret's ARN */
    public String create(String value) {
        try (SecretsManagerClient client = client()) {
            return client.createSecret(r -> r.name("memory/db-" + UUID.randomUUID()).secretString(value)).arn();
        }
    }

    /** A new AWSCURRENT version, as a rotation's last step leaves it. */
    public void put(String arn, String value) {
        try (SecretsManagerClient client = client()) {
            client.putSecretValue(r -> r.secretId(arn).secretString(value));
        }
    }

    private SecretsManagerClient client() {
        return SecretsManagerClient.builder()
                .endpointOverride(URI.create(moto.endpoint()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
