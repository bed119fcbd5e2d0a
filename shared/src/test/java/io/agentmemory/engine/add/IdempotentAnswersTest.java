package io.agentmemory.engine.add;

import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.Message;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotentAnswersTest {

    @Test
    void aRequestThatNamesNoSpeakerKeepsTheDigestItHadBeforeMessagesCouldNameOne() {
        // The digest of this request as computed before messages had a name: keys stored then must still match.
        AddRequest request = AddRequest.of("u1", List.of(new Message("user", "I like tea"))).withIdempotencyKey("k1");
        assertThat(IdempotentAnswers.digest(request)).isEqualTo(DIGEST_WITHOUT_NAMES);
    }

    @Test
    void theSpeakersNameIsPartOfTheRequest() {
        AddRequest named = AddRequest.of("u1", List.of(new Message("assistant", "I like tea", "Leo"))).withIdempotencyKey("k1");
        AddRequest unnamed = AddRequest.of("u1", List.of(new Message("assistant", "I like tea"))).withIdempotencyKey("k1");
        assertThat(IdempotentAnswers.digest(named)).isNotEqualTo(IdempotentAnswers.digest(unnamed));
    }

    private static final String DIGEST_WITHOUT_NAMES = "UDs8BqKXOFm2oF-juJqb6w";
}
